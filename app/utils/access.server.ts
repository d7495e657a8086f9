import { data } from "@remix-run/node";
import { getOffering, isTrainerOf } from "~/models/offering.server";
import { requireRole } from "./auth.server";
import { idParam } from "./http.server";

/** Trainers see the offerings they teach; admins see every offering. Anyone else gets 403, an unknown id 404. */
export async function requireOfferingStaff(request: Request, rawId: string | undefined) {
  const user = await requireRole(request, ["trainer", "admin"]);
  const offering = getOffering(idParam(rawId));
  if (!offering) throw data({ reason: "notFound" }, { status: 404 });
  if (user.role !== "admin" && !isTrainerOf(user.id, offering.offering.id)) throw data({ reason: "forbidden" }, { status: 403 });
  return { user, offering };
}
