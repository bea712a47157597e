import { ONEROSTER_SCOPE_NAMES } from '../auth/api-token-scopes.ts';
import { loadConfig } from '../config.ts';
import { openAndCheckDatabase } from '../db/connection.ts';
import { registerOAuthClient, registerOAuthClientInput } from '../modules/oauth/oauth-clients.ts';
import { EXIT, parseOptions, UsageError, type Command } from './command.ts';
import { districtToWorkOn, runWithOperatorErrors } from './operator-errors.ts';

export const oauthClientCommand: Command = {
  name: 'oauth-client',
  summary: 'register an OAuth 2.0 client that reads rosters over OneRoster',
  help: `Usage: homeroom oauth-client create --name NAME --scopes "SCOPE ..." [--requests-per-minute N] [--district CODE] [--json]

Registers a client (a learning platform, library or transportation system) and prints its
clientId and clientSecret. The secret is shown this once: Homeroom keeps only its hash.
The client asks POST /oauth/token for a bearer token (grant_type=client_credentials) and reads
/ims/oneroster/rostering/v1p2/ with it. Uses DATABASE_URL or the embedded database.

Scopes (space-separated):
${ONEROSTER_SCOPE_NAMES.map((s) => `  ${s}`).join('\n')}

Options:
  --name NAME                what the client is, e.g. "Canvas"
  --scopes "SCOPE ..."       the scopes it may be given
  --requests-per-minute N    its rate limit (default 1200); past it, 429 server_busy
  --district CODE            the district (default: the only one)
  --json                     print {"clientId", "clientSecret", ...} as JSON
`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { name: { type: 'string' }, scopes: { type: 'string' }, 'requests-per-minute': { type: 'string' }, district: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals[0] !== 'create' || positionals.length !== 1) throw new UsageError(positionals.length ? `unknown action '${positionals.join(' ')}': 'create' is the only one` : "say what to do: 'homeroom oauth-client create --name NAME --scopes \"SCOPE ...\"'");
    const parsed = registerOAuthClientInput.safeParse({
      name: values.name,
      scopes: values.scopes?.split(/[\s,]+/).filter(Boolean),
      ...(values['requests-per-minute'] !== undefined ? { requestsPerMinute: Number(values['requests-per-minute']) } : {}),
    });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path[0] === 'requestsPerMinute' ? 'requests-per-minute' : String(i.path[0] ?? 'name')}: ${i.message}`).join('; '));
    return runWithOperatorErrors(io, async () => {
      const config = loadConfig();
      const handle = await openAndCheckDatabase(config.database, { poolSize: 1 });
      try {
        const district = await districtToWorkOn(handle.db, io, values.district);
        if (!district) return EXIT.invalidInput;
        const client = await registerOAuthClient(handle.db, null, { ip: null }, district.id, parsed.data);
        if (values.json) io.stdout.write(`${JSON.stringify({ clientId: client.clientId, clientSecret: client.clientSecret, name: client.name, scopes: client.scopes, requestsPerMinute: client.requestsPerMinute })}\n`);
        else io.stdout.write(`clientId:     ${client.clientId}\nclientSecret: ${client.clientSecret}\nscopes:       ${client.scopes.join(' ')}\n`);
        io.stderr.write('oauth-client: registered; the secret is shown this once\n');
        return EXIT.ok;
      } finally {
        await handle.close();
      }
    });
  },
};
