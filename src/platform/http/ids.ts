// Record ids are UUIDs. An id that is not one is looked up as nothing (PostgreSQL would refuse
// it, failing the request), so it is checked here first.

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (v: string) => UUID.test(v);
