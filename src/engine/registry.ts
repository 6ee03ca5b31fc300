// The local registry (127.0.0.1:5000) that compressed-size measurements push to.
export const LOCAL_REGISTRY = '127.0.0.1:5000';

export async function registryAnswers(addr = LOCAL_REGISTRY): Promise<string | null> {
  try {
    const res = await fetch(`http://${addr}/v2/`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    return (e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message;
  }
}
