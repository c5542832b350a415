// Placeholder, replaced by the infrastructure work: provides KAFKA_BROKERS / DATABASE_URL to tests.
export default async function globalSetup(): Promise<void> {}
