/** Limits on every request, as named constants (STYLE: a limit on everything). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const SMALL_BODY_LIMIT_BYTES = 4 * 1024;
export const MAX_PARAM_LENGTH = 100;
export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_QUERY_MAX_LENGTH = 64;
