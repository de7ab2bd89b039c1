// The broker API client shared by the `broker` CLI (apps/cli) and the dashboard (lib/dashboard).
export { createApiClient, parseBody, type ApiClient, type ApiClientOptions, type ApiResponse, type FetchLike, type RequestOptions } from './client';
export { ApiError, ApiResponseError, ApiUnreachableError, problemMessage } from './errors';
