import { Logger, type Attributes, type LogLevel, type LogWriter } from '@graphql-hive/logger';

/**
 * Hive's logger with one JSON object per line, the shape of Hive's own JSON writer (the
 * attributes, `level`, `msg`, `timestamp`); warnings and errors on stderr, the rest on stdout.
 */
class JsonLineWriter implements LogWriter {
  write(level: LogLevel, attrs: Attributes | null | undefined, msg: string | null | undefined): void {
    const stream = level === 'error' || level === 'warn' ? process.stderr : process.stdout;
    stream.write(`${JSON.stringify({ ...(attrs as object), level, ...(msg ? { msg } : {}), timestamp: new Date().toISOString() })}\n`);
  }
}

/** A JSON-lines logger; `false` turns it off (the tests' default for request logs). */
export function jsonLogger(level: LogLevel | false = 'info'): Logger {
  return new Logger({ level, writers: [new JsonLineWriter()] });
}
