/**
 * The one vocabulary. Every enum is declared once, in prisma/schema.prisma, and generated into
 * generated/prisma/enums.ts; the zod schemas here, the GraphQL enums (src/schema/enums.ts) and the seed
 * checks derive from it, so a member added to the schema is accepted everywhere at once.
 * tests/vocabulary.test.ts fails when an enum's members are listed by hand outside generated code.
 */
import { z } from 'zod';
import {
  ActorKind,
  AliasLanguage,
  CandidateKind,
  CandidateStatus,
  DatePrecision,
  DevelopmentChange,
  DevelopmentKind,
  MeetingStatus,
  ParticipantRole,
  ProposalStatus,
  StancePosition,
} from '../../generated/prisma/enums';

export const actorKind = z.enum(ActorKind);
export const aliasLanguage = z.enum(AliasLanguage);
export const candidateKind = z.enum(CandidateKind);
export const candidateStatus = z.enum(CandidateStatus);
export const datePrecision = z.enum(DatePrecision);
export const developmentKind = z.enum(DevelopmentKind);
/** A revision changes an entry that exists: it cannot be news. */
export const revisionChange = z.enum(DevelopmentChange).exclude([DevelopmentChange.NEW]);
export const meetingStatus = z.enum(MeetingStatus);
export const participantRole = z.enum(ParticipantRole);
export const proposalStatus = z.enum(ProposalStatus);
export const stancePosition = z.enum(StancePosition);

/** Slugs of actors, meetings and proposals: lower-case ASCII words joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const slug = z.string().regex(SLUG_PATTERN, 'must be lower-case words joined by hyphens').max(100);
