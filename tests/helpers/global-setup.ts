// Placeholder: replaced by the embedded-Postgres global setup (one server per test run).
export default async function setup(): Promise<void> {}
