import {
  FILE_MODES, headersOf, isOneRosterDate, isOneRosterDateTime, MANIFEST_FILE_NAME, MANIFEST_HEADERS, ONEROSTER_DATA_FILES, ONEROSTER_FILES, parseCsv, splitOneRosterList, type OneRosterDataFile,
} from '@homeroom/core/formats/oneroster/csv-binding';

/**
 * The OneRoster CSV binding 1.2.1's rules, checked on a whole package (for the export's tests): the
 * manifest (its headers, versions, a file.<name> row for every data file of the binding, each
 * absent/bulk/delta, a file present exactly when it is not absent), each file's headers exactly and
 * in order, the same number of fields in every row, required fields filled, enumerations, booleans,
 * dates and years as the binding spells them, status and dateLastModified blank in a bulk file and
 * filled in a delta, sourcedIds unique within a file, every reference to a sourcedId present in
 * the file it names. Every problem is listed, as `file:row:column: what`.
 */
export function bindingProblems(files: Map<string, string>): string[] {
  const problems: string[] = [];
  const manifestText = files.get(MANIFEST_FILE_NAME);
  if (manifestText === undefined) return [`${MANIFEST_FILE_NAME} is missing`];
  const manifest = parseCsv(manifestText);
  if (manifest[0]?.fields.join(',') !== MANIFEST_HEADERS.join(',')) problems.push(`${MANIFEST_FILE_NAME}:1: headers must be ${MANIFEST_HEADERS.join(',')}`);
  const properties = new Map(manifest.slice(1).map((r) => [r.fields[0]!, r.fields[1] ?? '']));
  if (properties.get('manifest.version') !== '1.0') problems.push(`${MANIFEST_FILE_NAME}: manifest.version must be 1.0`);
  if (properties.get('oneroster.version') !== '1.2') problems.push(`${MANIFEST_FILE_NAME}: oneroster.version must be 1.2`);
  const modes = new Map<OneRosterDataFile, string>();
  for (const file of ONEROSTER_DATA_FILES) {
    const mode = properties.get(`file.${file}`);
    if (mode === undefined || !(FILE_MODES as readonly string[]).includes(mode)) problems.push(`${MANIFEST_FILE_NAME}: file.${file} must be absent, bulk or delta, not ${mode ?? 'missing'}`);
    else modes.set(file, mode);
  }
  for (const name of files.keys()) {
    // Homeroom's own files (course attributes, transcripts) may travel beside the binding's.
    if (name === MANIFEST_FILE_NAME || name.startsWith('homeroom-')) continue;
    const file = ONEROSTER_DATA_FILES.find((f) => `${f}.csv` === name);
    if (!file) problems.push(`${name}: not a file of the binding`);
    else if (modes.get(file) === 'absent') problems.push(`${name}: present but declared absent`);
  }
  const ids = new Map<OneRosterDataFile, Set<string>>();
  const parsed = new Map<OneRosterDataFile, string[][]>();
  for (const [file, mode] of modes) {
    if (mode === 'absent') continue;
    const text = files.get(`${file}.csv`);
    if (text === undefined) {
      problems.push(`${file}.csv: declared ${mode} but missing`);
      continue;
    }
    const records = parseCsv(text);
    const headers = headersOf(file);
    if (records[0]?.fields.join(',') !== headers.join(',')) problems.push(`${file}.csv:1: headers must be exactly ${headers.join(',')}`);
    const seen = new Set<string>();
    for (const record of records.slice(1)) {
      if (record.fields.length !== headers.length) problems.push(`${file}.csv:${record.row}: ${record.fields.length} fields, not ${headers.length}`);
      const sourcedId = record.fields[0] ?? '';
      if (seen.has(sourcedId)) problems.push(`${file}.csv:${record.row}:sourcedId: ${sourcedId} is not unique`);
      seen.add(sourcedId);
    }
    ids.set(file, seen);
    parsed.set(file, records.slice(1).map((r) => r.fields));
    for (const record of records.slice(1)) {
      ONEROSTER_FILES[file].fields.forEach((field, i) => {
        const value = record.fields[i] ?? '';
        const at = `${file}.csv:${record.row}:${field.name}`;
        if (field.name === 'status' || field.name === 'dateLastModified') {
          if (mode === 'bulk' && value !== '') problems.push(`${at}: must be blank in a bulk file`);
          if (mode === 'delta' && value === '') problems.push(`${at}: must be filled in a delta file`);
        }
        if (value === '') {
          if (field.required) problems.push(`${at}: required`);
          return;
        }
        const bad = (what: string) => problems.push(`${at}: ${JSON.stringify(value)} ${what}`);
        switch (field.kind) {
          case 'enum':
            if (!field.values!.includes(value)) bad(`is not one of ${field.values!.join(', ')}`);
            break;
          case 'boolean':
            if (value !== 'true' && value !== 'false') bad('must be true or false');
            break;
          case 'date':
            if (!isOneRosterDate(value)) bad('is not a date YYYY-MM-DD');
            break;
          case 'datetime':
            if (!isOneRosterDateTime(value)) bad('is not an ISO 8601 date and time');
            break;
          case 'year':
            if (!/^[0-9]{4}$/.test(value)) bad('is not a year YYYY');
            break;
          case 'decimal':
            if (!/^-?[0-9]+(\.[0-9]+)?$/.test(value)) bad('is not a decimal');
            break;
          default:
            break;
        }
      });
    }
  }
  // References, once every file's sourcedIds are known.
  for (const [file, rows] of parsed) {
    ONEROSTER_FILES[file].fields.forEach((field, i) => {
      if (!field.references) return;
      const known = ids.get(field.references);
      rows.forEach((fields, r) => {
        const value = fields[i] ?? '';
        const targets = field.kind === 'list' ? splitOneRosterList(value) : value === '' ? [] : [value];
        for (const target of targets) if (!known?.has(target)) problems.push(`${file}.csv:${r + 2}:${field.name}: ${target} is not a sourcedId of ${field.references}.csv`);
      });
    });
  }
  return problems;
}
