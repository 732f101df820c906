import type { Generated } from 'kysely';

/*
 * Column conventions, the same on SQLite and PostgreSQL so one query serves both:
 * instants are ISO-8601 UTC text (sortable as text), flags are 0/1 integers,
 * structured values are JSON text parsed by the store that owns the table.
 */

export interface CampaignTable {
  id: Generated<number>;
  code: string;
  year: number;
  status: 'active' | 'archived';
  title_zh: string;
  title_en: string;
  definition: string;
  created_at: string;
  updated_at: string;
  /** The unit that runs the campaign; the campaign covers its subtree (migration 0016). */
  organiser_unit_id: number | null;
}

/** The kinds of unit an installation knows (migration 0016); the office adds its own. */
export interface UnitTypeTable {
  code: string;
  label_zh: string;
  label_en: string;
  sort_order: number;
  created_at: string;
}

export interface UnitTable {
  id: Generated<number>;
  code: string;
  name: string;
  short_name: string;
  type: string;
  parent_id: number | null;
  /** Materialised path of ids, "/1/5/": a subtree is one indexed prefix match on both databases. */
  path: string;
  sort_order: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface AccountTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  unit_id: number;
  password_hash: string;
  active: number;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  /** The TOTP secret, encrypted (AES-256-GCM under a key outside the database); null when not enrolled. */
  totp_secret: string | null;
  /** A secret shown for enrolment and not yet confirmed with a code. */
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  /** The last TOTP time step accepted: a code of this step or an earlier one is refused (replay). */
  totp_last_step: number | null;
}

/** Single-use recovery codes, kept as SHA-256. */
export interface RecoveryCodeTable {
  account_id: number;
  code_hash: string;
  used_at: string | null;
}

/** Failed logins: per (user name, source), per source and per user name, with the backoff they earned. */
export interface LoginThrottleTable {
  scope: string;
  subject: string;
  /** The user name the row counts against, for the office's unlock; null for a source's own row. */
  username: string | null;
  failures: number;
  blocked_until: string | null;
  last_failure_at: string;
}

export interface AccountRoleTable {
  account_id: number;
  role: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a copied database holds no usable session. */
  token_hash: string;
  account_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  /** Random public id: how the owner and the office name a session without its token or hash. */
  id: string;
  /** Refreshed at most once a minute; the idle timeout is measured from it. */
  last_seen_at: string;
  /** A coarse description of the browser (e.g. "Chrome · Windows"), never the full user agent. */
  agent: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_unit_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

export interface ObligationFulfilmentTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  /** The obligation's base key; monthly instances pick their records by time window. */
  obligation_key: string;
  fulfilled_at: string;
  source_type: string;
  source_id: string | null;
  note: string | null;
  recorded_by: number | null;
  created_at: string;
}

export interface LiaisonSubmissionTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  /** 1, 2, 3 … per campaign and unit; the highest is the current form. */
  version: number;
  /** The field values, `{ [fieldKey]: text }`. */
  values_json: string;
  submitted_by: number | null;
  submitted_at: string;
  late: number;
}

/**
 * The columns of a form a unit files once per campaign (the statistics table, the summary), which
 * features/forms/form.store.ts reads and writes for both; each table adds its content as JSON.
 */
export interface FiledFormColumns {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  status: string;
  /** Raised by every write; a write names the revision it read (optimistic concurrency). */
  revision: number;
  /** 1 when the first submission came after the deadline. */
  late: number;
  first_submitted_at: string | null;
  submitted_at: string | null;
  submitted_by: number | null;
  return_comment: string | null;
  created_at: string;
  updated_at: string;
}

/** A step of a filed form; the table's own column names the form row. */
export interface FormEventColumns {
  id: Generated<number>;
  action: string;
  /** The status after the step. */
  status: string;
  actor_id: number | null;
  comment: string | null;
  at: string;
}

/** status: draft | submitted | approved | accepted | returned (domain/forms/statistics.workflow.ts). */
export interface StatisticsReportTable extends FiledFormColumns {
  /** `{ [indicatorKey]: count }`. */
  values_json: string;
  /** `{ [findingKey]: comment }`: explanations of soft findings. */
  comments_json: string;
}

/** action: save | submit | approve | accept | return | reopen | import */
export interface StatisticsEventTable extends FormEventColumns {
  report_id: number;
}

export interface MediaItemTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  /** image | video | document, decided by the file's bytes. */
  kind: string;
  mime: string;
  /** The sender's file name, cleaned for display; never part of a path. */
  original_name: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  /** File name under media/originals/ (a random key and the extension of the detected type). */
  storage_key: string;
  /** File names under media/derived/; null where no derivative exists (videos, documents). */
  thumb_key: string | null;
  display_key: string | null;
  /** A task category key of the campaign. */
  category: string | null;
  /** The Shanghai day the photo or material belongs to (YYYY-MM-DD). */
  taken_on: string;
  uploaded_by: number | null;
  featured: number;
  created_at: string;
  updated_at: string;
}

export interface ActivityTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  /** A task category key of the campaign. */
  category: string;
  /** `[formKey, …]`: forms of that category. */
  forms_json: string;
  title: string;
  /** Shanghai days, YYYY-MM-DD. */
  starts_on: string;
  ends_on: string;
  /** The county's division code (its unit code), or null. */
  county_code: string | null;
  address: string | null;
  organiser: string | null;
  audience: string | null;
  participants: number;
  description: string | null;
  /** `[url, …]`: media reports about the activity. */
  links_json: string;
  /** `{ [indicatorKey]: count }`: what it adds to the unit's statistics table once accepted. */
  contributions_json: string;
  is_public: number;
  /** draft | submitted | accepted | returned (domain/activities/activity.workflow.ts). */
  status: string;
  return_comment: string | null;
  revision: number;
  submitted_at: string | null;
  decided_at: string | null;
  decided_by: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ActivityMediaTable {
  activity_id: number;
  media_id: number;
  /** Order of the attachments; the first image is the public page's photo. */
  sort: number;
}

/** status: draft | submitted | accepted | returned (domain/forms/summary.rules.ts). */
export interface SummaryTable extends FiledFormColumns {
  /** `{ [sectionKey]: html }`, sanitised on every save. */
  sections_json: string;
  /** `[{ id, caption }]`: picked media_items. */
  media_ids_json: string;
}

/** action: save | submit | accept | return | reopen */
export interface SummaryEventTable extends FormEventColumns {
  summary_id: number;
}

export interface PackageJobTable {
  id: Generated<number>;
  campaign_id: number;
  /** unit | all */
  scope: string;
  unit_id: number | null;
  /** queued | running | done | failed */
  status: string;
  /** Files to write, and written so far. */
  total: number;
  done_count: number;
  /** The zip's name under DATA_DIR/packages, once it is complete. */
  file_key: string | null;
  bytes: number | null;
  /** A message key (http/messages.ts) when failed. */
  error: string | null;
  created_by: number | null;
  created_at: string;
  finished_at: string | null;
}

/*
 * Cases and their steps, messages and files take random ids (db/random-ids.ts): a sequence shared
 * by reporters' rows and staff's timed rows would date the reporter's. Their order within a case is
 * `seq`, drawn from the case's `last_seq`.
 */
export interface CaseTable {
  id: number;
  campaign_id: number;
  /** public | unit | hotline | inspection | media */
  source: string;
  category: string;
  whistleblower: number;
  county_id: number | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  enterprise: string | null;
  occurred_on: string | null;
  description: string;
  /** A CaseStatus (domain/cases/case.workflow.ts). */
  status: string;
  /** A Shanghai day: no finer time is kept of a report's arrival. */
  received_on: string;
  deadline_at: string | null;
  escalated_at: string | null;
  assigned_unit_id: number | null;
  poster_unit_id: number | null;
  filed_by_unit_id: number | null;
  created_by: number | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  /** HMAC-SHA256 of the receipt under a key kept outside the database. */
  receipt_hash: string | null;
  merged_into_id: number | null;
  reject_reason: string | null;
  findings: string | null;
  rectification_required: string | null;
  rectification_report: string | null;
  reply: string | null;
  revision: number;
  updated_on: string;
  /** The last `seq` given to a step, message or file of this case. */
  last_seq: number;
}

export interface CaseEventTable {
  id: number;
  case_id: number;
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  unit_id: number | null;
  comment: string | null;
  at: string;
}

export interface CaseMessageTable {
  id: number;
  case_id: number;
  seq: number;
  /** to_reporter | from_reporter | internal */
  kind: string;
  body: string;
  author_id: number | null;
  at: string;
}

export interface CaseFileTable {
  id: number;
  case_id: number;
  seq: number;
  message_id: number | null;
  /** reporter | staff */
  added_by: string;
  /** evidence | rectification */
  purpose: string;
  kind: string;
  mime: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  storage_key: string;
  thumb_key: string | null;
  display_key: string | null;
  uploaded_by: number | null;
  added_on: string;
}

/** A day whose reporter files were rewritten so that their inode times are the pass's. */
export interface ReporterFileDayTable {
  day: string;
}

export interface TypicalCaseTable {
  id: Generated<number>;
  campaign_id: number;
  title: string;
  subject: string;
  sector: string | null;
  facts: string;
  violations: string;
  handling: string;
  dual_penalty: number;
  criminal_transfer: number;
  lesson: string;
  /** An ExposureStatus (domain/exposures/exposure.review.ts); stage while in_review. */
  status: string;
  stage: number | null;
  return_comment: string | null;
  withdraw_reason: string | null;
  published_at: string | null;
  withdrawn_at: string | null;
  revision: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface TypicalCaseSourceTable {
  typical_case_id: number;
  case_id: number;
}

export interface TypicalCaseImageTable {
  id: Generated<number>;
  typical_case_id: number;
  case_file_id: number;
  boxes_json: string;
  blurred_key: string;
  width: number;
  height: number;
  caption: string | null;
  sort_order: number;
}

export interface TypicalCaseEventTable {
  id: Generated<number>;
  typical_case_id: number;
  action: string;
  from_status: string | null;
  to_status: string;
  stage: number | null;
  actor_id: number | null;
  comment: string | null;
  at: string;
}

export interface ExposureRunTable {
  id: Generated<number>;
  typical_case_id: number;
  outlet: string;
  ran_on: string;
  link: string | null;
  recorded_by: number | null;
  created_at: string;
}

export interface FeedTokenTable {
  account_id: number;
  token_hash: string;
  created_at: string;
}

export interface ProvinceReportTable {
  id: Generated<number>;
  campaign_id: number;
  month: string;
  sent_at: string;
  sent_to: string;
  sent_by: number | null;
  snapshot_json: string;
}

export interface Database {
  campaigns: CampaignTable;
  units: UnitTable;
  unit_types: UnitTypeTable;
  accounts: AccountTable;
  account_roles: AccountRoleTable;
  sessions: SessionTable;
  recovery_codes: RecoveryCodeTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  obligation_fulfilments: ObligationFulfilmentTable;
  liaison_submissions: LiaisonSubmissionTable;
  statistics_reports: StatisticsReportTable;
  statistics_events: StatisticsEventTable;
  media_items: MediaItemTable;
  summaries: SummaryTable;
  summary_events: SummaryEventTable;
  package_jobs: PackageJobTable;
  activities: ActivityTable;
  activity_media: ActivityMediaTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  case_messages: CaseMessageTable;
  case_files: CaseFileTable;
  reporter_file_days: ReporterFileDayTable;
  typical_cases: TypicalCaseTable;
  typical_case_sources: TypicalCaseSourceTable;
  typical_case_images: TypicalCaseImageTable;
  typical_case_events: TypicalCaseEventTable;
  exposure_runs: ExposureRunTable;
  feed_tokens: FeedTokenTable;
  province_reports: ProvinceReportTable;
}
