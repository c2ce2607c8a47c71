// Talks to the dashboard's JSON API (relative to the page, so any dashboard path works).

let session = { readOnly: true, csrfHeader: null, csrfToken: null, timezone: 'UTC' };

/** An answer of the API other than 2xx, with the message the server gave. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls the API: GET by default; write requests carry the CSRF token when there is one. */
export async function api(path, method = 'GET') {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && session.csrfHeader) {
    headers[session.csrfHeader] = session.csrfToken;
  }
  const response = await fetch('api/' + path, { method, headers, credentials: 'same-origin' });
  if (!response.ok) {
    let message = response.statusText;
    try {
      const body = await response.json();
      message = body.detail || body.message || message;
    } catch (ignored) {
      // not JSON: keep the status text
    }
    throw new ApiError(response.status, message);
  }
  return response.status === 204 ? null : response.json();
}

/** Reads whether the dashboard is read-only, its CSRF token and the scheduler's zone. */
export async function loadSession() {
  session = await api('session');
  return session;
}

/** What {@link loadSession} read. */
export function currentSession() {
  return session;
}
