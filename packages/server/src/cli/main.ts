import { commands } from './commands.ts';
import { EXIT, UsageError, type CliIo } from './command.ts';

function overview(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: homeroom <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'homeroom <command> --help' for a command's options.\n`;
}

export async function main(argv: string[], io: CliIo = process): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(overview());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr.write(`homeroom: unknown command '${name}'\n\n${overview()}`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`homeroom ${name}: ${error.message}\nRun 'homeroom ${name} --help' for its options.\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
