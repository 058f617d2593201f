// The network, for the two opt-in features only (the update and online look-ups): plain HTTPS
// GET/POST with a timeout. Nothing else in the product opens a connection.

export const REQUEST_TIMEOUT_MS = 15_000;

export class NetworkError extends Error {
  override name = 'NetworkError';
}

/** Fetches a URL, failing on a non-2xx status or after the timeout. */
export async function request(url: string, init: { method?: 'GET' | 'POST'; json?: unknown; timeoutMs?: number } = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.json !== undefined ? { 'content-type': 'application/json' } : undefined,
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
      signal: AbortSignal.timeout(init.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new NetworkError(`${url}: ${error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : (cause ?? (error instanceof Error ? error.message : String(error)))}`);
  }
  if (!response.ok) throw new NetworkError(`${url}: HTTP ${response.status}`);
  return response;
}
