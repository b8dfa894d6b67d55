import {
  ActorKind,
  AliasLanguage,
  CandidateKind,
  CandidateStatus,
  DatePrecision,
  DevelopmentChange,
  DevelopmentKind,
  EvidenceTarget,
  MeetingStatus,
  ParticipantRole,
  ProposalStatus,
  StancePosition,
} from '../../generated/prisma/enums';
import { builder } from './builder';

export const ActorKindEnum = builder.enumType(ActorKind, { name: 'ActorKind' });
export const AliasLanguageEnum = builder.enumType(AliasLanguage, { name: 'AliasLanguage' });
export const CandidateKindEnum = builder.enumType(CandidateKind, { name: 'CandidateKind' });
export const CandidateStatusEnum = builder.enumType(CandidateStatus, { name: 'CandidateStatus' });
export const DatePrecisionEnum = builder.enumType(DatePrecision, {
  name: 'DatePrecision',
  description: 'How precisely a date is known: sources often give only a week or a month.',
});
export const MeetingStatusEnum = builder.enumType(MeetingStatus, { name: 'MeetingStatus' });
export const ParticipantRoleEnum = builder.enumType(ParticipantRole, { name: 'ParticipantRole' });
export const ProposalStatusEnum = builder.enumType(ProposalStatus, { name: 'ProposalStatus' });
export const StancePositionEnum = builder.enumType(StancePosition, { name: 'StancePosition' });
export const EvidenceTargetEnum = builder.enumType(EvidenceTarget, { name: 'EvidenceTarget' });
export const DevelopmentKindEnum = builder.enumType(DevelopmentKind, { name: 'DevelopmentKind' });
export const DevelopmentChangeEnum = builder.enumType(DevelopmentChange, {
  name: 'DevelopmentChange',
  description: 'Whether a log entry is news, or an update, correction or retraction of an earlier entry.',
});
