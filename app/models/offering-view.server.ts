import type { Offering } from "../../db/schema";
import { isEnrolmentOpen, seatsLeft } from "~/models/offering.server";
import type { OfferingSummary } from "./offering-view";

export function summarizeOffering(offering: Offering, enrolled: number, waitlisted: number, now = new Date()): OfferingSummary {
  return {
    id: offering.id,
    periodLabel: offering.periodLabel,
    startsAt: offering.startsAt.getTime(),
    endsAt: offering.endsAt.getTime(),
    enrolOpensAt: offering.enrolOpensAt.getTime(),
    enrolClosesAt: offering.enrolClosesAt.getTime(),
    capacity: offering.capacity,
    enrolled,
    waitlisted,
    seatsLeft: seatsLeft(offering.capacity, enrolled),
    languages: offering.languages,
    status: offering.status,
    enrolmentOpen: isEnrolmentOpen(offering, now),
    enrolmentNotYetOpen: offering.enrolOpensAt.getTime() > now.getTime(),
  };
}
