// BREAKWATER_CONFIG: services declared in a YAML (or JSON) file, validated by the API's schema.
// An invalid file stops the start with every error listed by path.
import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { configFileSchema, type ConfigFile } from "@/lib/contracts/services";
import { zodIssuesToDetails } from "@/lib/contracts/errors";

/** Aliases a document may expand (the yaml package's guard against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

export class ConfigFileError extends Error {
  constructor(
    public readonly file: string,
    public readonly problems: string[],
  ) {
    super(`invalid config file ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function loadConfigFile(file: string, rootDir: string): ConfigFile {
  const full = path.isAbsolute(file) ? file : path.resolve(rootDir, file);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch (err) {
    throw new ConfigFileError(full, [`cannot read it: ${(err as Error).message}`]);
  }
  // `<<` merge keys are supported; aliases are capped (an alias bomb would expand without bound)
  const doc = YAML.parseDocument(text, { prettyErrors: true, merge: true });
  if (doc.errors.length > 0) {
    throw new ConfigFileError(full, doc.errors.map((e) => `YAML: ${e.message.split("\n")[0]}`));
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const why = /alias count/i.test(message)
      ? `too many alias (*name) expansions (at most ${MAX_ALIAS_COUNT} per alias): write the values out, or use fewer nested aliases`
      : message.split("\n")[0];
    throw new ConfigFileError(full, [`YAML: ${why}`]);
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigFileError(full, zodIssuesToDetails(parsed.error.issues).map((d) => `${d.path}: ${d.message}`));
  }
  const seen = new Set<string>();
  const dups: string[] = [];
  parsed.data.services.forEach((s, i) => {
    if (seen.has(s.name)) dups.push(`services.${i}.name: '${s.name}' is declared more than once`);
    seen.add(s.name);
  });
  if (dups.length) throw new ConfigFileError(full, dups);
  return parsed.data;
}
