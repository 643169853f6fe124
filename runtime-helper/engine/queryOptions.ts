// The engine reads an empty query parameter as a value (`until=` is "no time" to Podman), so
// options that are unset are left out of a request rather than sent empty.
export function setOptionsOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
