// Memoises what several rules derive from one object (a compiled model) on the
// object itself, under a symbol: unlike a WeakMap entry, which young-generation
// GCs treat as live, it dies with the object — and lint drops thousands of models.

/** The value `make(owner)` kept on `owner` under `slot`, made on the first call. */
export function memo<O extends object, V>(slot: symbol, owner: O, make: (owner: O) => V): V {
  const holder = owner as unknown as Record<symbol, V | undefined>;
  let value = holder[slot];
  if (value === undefined) holder[slot] = value = make(owner);
  return value;
}
