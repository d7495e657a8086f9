import { data } from "@remix-run/node";
import type { FieldErrors } from "./forms";

/** 400 with field errors (message keys) and the values to refill the form. */
export function invalid(errors: FieldErrors, values: Record<string, string> = {}, status = 400) {
  return data({ ok: false as const, errors, values }, { status });
}

/** Throws a 404 unless the value is present. */
export function assertFound<T>(value: T | null | undefined): asserts value is T {
  if (value === null || value === undefined) throw data({ reason: "notFound" }, { status: 404 });
}

/** Parses a positive integer route param or throws 404. */
export function idParam(value: string | undefined): number {
  if (!value || !/^\d{1,9}$/.test(value)) throw data({ reason: "notFound" }, { status: 404 });
  return Number(value);
}
