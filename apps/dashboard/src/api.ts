// Every data request goes through here: it carries the bearer token and, when set, the global data cut-off
// (`asOf`). Errors come back as RFC 9457 problems; a 404 on an endpoint the API does not have yet is
// reported as such rather than as a broken screen. A `fresh` read asks the API for an answer from the current
// state of its read models (`Cache-Control: no-cache`): the API may otherwise answer a list from a rendering
// up to VIGIL_API_READ_CACHE_STALE_MS old, which would hide the user's own action that was just confirmed.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${status} ${title}${detail ? `: ${detail}` : ''}`);
  }
}

export interface RequestOptions {
  token: string;
  asOf?: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** Ask for an answer from the current state of the read models (after the user's own action). */
  fresh?: boolean;
}

export function apiUrl(path: string, query: Record<string, string | number | undefined> = {}, asOf?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  if (asOf) params.set('asOf', asOf);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function apiRequest(path: string, options: RequestOptions): Promise<Response> {
  const { token, asOf, method = 'GET', body, query, signal, fresh } = options;
  // Actions are not reads: they happen now, whatever cut-off the screens show.
  const url = apiUrl(path, query, method === 'GET' ? asOf : undefined);
  const response = await fetch(url, {
    method,
    signal,
    headers: {
      authorization: `Bearer ${token}`,
      ...(fresh ? { 'cache-control': 'no-cache' } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw await problemOf(response);
  return response;
}

export async function apiJson<T>(path: string, options: RequestOptions): Promise<T> {
  const response = await apiRequest(path, options);
  return (await response.json()) as T;
}

async function problemOf(response: Response): Promise<ApiError> {
  let title = response.statusText || 'Request failed';
  let detail = '';
  try {
    const problem = (await response.json()) as { title?: string; detail?: string };
    title = problem.title ?? title;
    detail = problem.detail ?? '';
  } catch {
    // not a problem document
  }
  return new ApiError(response.status, title, detail);
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Your token was refused (expired or invalid): sign in again.';
    if (error.status === 403) return `Not allowed: ${error.detail || error.title}`;
    if (error.status === 404 && /^Cannot GET/.test(error.detail)) {
      return 'This API does not offer this view yet (its endpoint answered 404).';
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
