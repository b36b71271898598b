export function parseServiceId(id: string): { model: string; version: number } {
  const at = id.lastIndexOf(':');
  return { model: id.slice(0, at), version: Number(id.slice(at + 1)) };
}
