/** The two SQL engines MeterFlow runs on: SQLite embedded (default) and PostgreSQL (scale-out). */
export type SqlDialect = 'sqlite' | 'postgres';
