import { Protocol } from '@vigil/safety-domain';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENV } from '../config/env-names';
import { parseProtocolYaml } from './parse-protocol-yaml';

export class ProtocolLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid protocol files:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProtocolLoadError';
  }
}

/**
 * Reads, validates and indexes by trialId every `*.yaml` / `*.yml` in `dir` (sorted by name), at start-up.
 * Throws one ProtocolLoadError listing every problem of every file, so a broken deploy is fixed in one pass.
 */
export function loadProtocols(dir: string): Map<string, Protocol> {
  const where = resolve(dir) === dir ? `"${dir}"` : `"${dir}" (${resolve(dir)})`;
  const hint = `set ${ENV.protocolsDir} to the folder that holds the trial protocol files`;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ProtocolLoadError([`protocols directory ${where} does not exist: ${hint}`]);
  }
  const names = readdirSync(dir)
    .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
    .sort();
  if (names.length === 0) throw new ProtocolLoadError([`no protocol files (*.yaml, *.yml) in ${where}: ${hint}`]);

  const problems: string[] = [];
  const protocols = new Map<string, Protocol>();
  const fileOf = new Map<string, string>();
  for (const name of names) {
    const fileName = join(dir, name);
    const result = parseProtocolYaml(readFileSync(fileName, 'utf8'), fileName);
    if (!result.ok) {
      problems.push(...result.errors);
      continue;
    }
    const { trialId } = result.protocol;
    const first = fileOf.get(trialId);
    if (first) {
      problems.push(`${fileName}: trialId "${trialId}" is already defined by ${first} (one file per trial)`);
      continue;
    }
    fileOf.set(trialId, fileName);
    protocols.set(trialId, result.protocol);
  }
  if (problems.length > 0) throw new ProtocolLoadError(problems);
  return protocols;
}
