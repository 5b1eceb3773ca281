/** Copies of the named keyed maps of a store's state without `key`: what a store's remove() sets. */
export function without<S extends object, F extends keyof S>(state: S, key: string, fields: readonly F[]): Pick<S, F> {
  const out = {} as Pick<S, F>;
  for (const f of fields) {
    const copy = { ...(state[f] as Record<string, unknown>) };
    delete copy[key];
    out[f] = copy as S[F];
  }
  return out;
}
