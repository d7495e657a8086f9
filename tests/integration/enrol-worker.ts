// Child process for the multi-process enrolment test: waits for a common start time, then enrols its users.
const [offeringId, ids, start] = process.argv.slice(2);
const { enrol } = await import("~/models/enrolment.server");
const startAt = Number(start);
while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 5));
for (const id of ids.split(",")) enrol(Number(offeringId), Number(id));
process.exit(0);
export {};
