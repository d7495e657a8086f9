// Shared by pages that show an offering to the public or to learners.
export type OfferingSummary = {
  id: number;
  periodLabel: string;
  startsAt: number;
  endsAt: number;
  enrolOpensAt: number;
  enrolClosesAt: number;
  capacity: number;
  enrolled: number;
  waitlisted: number;
  /** capacity − enrolled, never below 0: waitlisted and withdrawn people take no seat. */
  seatsLeft: number;
  languages: string[];
  status: string;
  enrolmentOpen: boolean;
  /** Decided by the server when it answered, so the page renders the same wherever and whenever it is rendered. */
  enrolmentNotYetOpen: boolean;
};
