/*
 * The authorisation matrix: what every signed-in API route must answer to every role, for a target
 * record of three units. Read by test/api/authz-matrix.test.ts.
 *
 * Callers: one account per role. The unit roles (unit_reporter, unit_approver, case_handler) sit at
 * 五华区 (530102); city_admin and leader can only be held at the city office (530100-AW); reviewer and
 * media_partner sit there too, as the product creates them (the publicity staff of the office, the
 * outlets the office signs up). `anonymous` has no session.
 *
 * Scopes name the unit the target record belongs to, the same for every caller:
 *   own     五华区's record (the unit roles' own unit),
 *   sibling 盘龙区's record (another county),
 *   parent  the city office's record (the unit above 五华区).
 * A route with no unit scope (the campaign, typical cases, packages, the caller's own session) uses
 * the same target three times.
 *
 * Each row is one string per role, in ROLES order; each has one letter per scope, in SCOPES order:
 *   A allow: the role passes authorisation (2xx, or 400/409/413/415/422 on the sample body);
 *   D deny:  401/403, or 404 (a record out of reach answers like a missing one).
 *
 * The table was first recorded (AUTHZ_RECORD=1) and then reviewed entry by entry against the
 * policies (src/server/auth/policies), ARCHITECTURE.md and the mission's rules. A line ending in a
 * `// REVIEWED:` comment is where the expected answer differs from what the server gave when it
 * was reviewed: the test fails on it until the server is fixed, and recording keeps it as it is.
 *
 * Reviewed divergences:
 *   B1  reviewer and media_partner accounts sit at the city office, whose subtree is the whole city,
 *       and the read rules for units' records (activities, media items, statistics tables, summaries,
 *       liaison forms with their people's phones, to-do lists) admit anyone in the subtree whatever
 *       their role (`readsEverything(a) || inSubtree(a, unit.path)`). So both read every unit's
 *       records. Media partners read published typical cases only (ARCHITECTURE.md, MISSION: they
 *       "receive approved typical cases"); the web app's permission table, whose rules "the server
 *       enforces", shows neither role any unit's records, and `readsEverything` makes reading the
 *       whole city a privilege of roles (city_admin, leader), not of sitting at the office. The
 *       unit roles' reads of their own subtree (a case_handler's included) stay allowed.
 */

export const ROLES = ['city_admin', 'leader', 'unit_reporter', 'unit_approver', 'case_handler', 'reviewer', 'media_partner', 'anonymous'] as const;
export type MatrixRole = (typeof ROLES)[number];
export const SCOPES = ['own', 'sibling', 'parent'] as const;
export type Scope = (typeof SCOPES)[number];
export type Verdict = 'allow' | 'deny';

/** One row of the table as verdicts, or the reason it cannot be read. */
export function decodeRow(row: string): Record<MatrixRole, Record<Scope, Verdict>> | string {
  const cells = row.trim().split(/\s+/);
  if (cells.length !== ROLES.length) return `${cells.length} cells, expected ${ROLES.length}`;
  const out = {} as Record<MatrixRole, Record<Scope, Verdict>>;
  for (const [i, role] of ROLES.entries()) {
    const cell = cells[i]!;
    if (!/^[AD]{3}$/.test(cell)) return `cell ${role} is "${cell}", expected three of A/D`;
    out[role] = Object.fromEntries(SCOPES.map((s, j) => [s, cell[j] === 'A' ? 'allow' : 'deny'])) as Record<Scope, Verdict>;
  }
  return out;
}

// <table>
//                                                                       admin lead  rep   appr  hndl  revw  media anon
export const EXPECTED: Record<string, string> = {
  'GET /api/auth/me':                                                   'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'GET /api/auth/two-factor':                                           'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'GET /api/auth/sessions':                                             'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'GET /api/audit':                                                     'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/accounts':                                                  'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/accounts/:id/sessions':                                     'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns':                                                 'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'GET /api/campaigns/:id':                                             'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'GET /api/campaigns/:id/city-summary.docx':                           'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/cases':                                       'AAA   AAA   AAA   AAA   AAA   DDD   DDD   DDD',
  'GET /api/campaigns/:id/cases.xlsx':                                  'AAA   AAA   DDD   DDD   AAA   DDD   DDD   DDD',
  'GET /api/campaigns/:id/cases.csv':                                   'AAA   AAA   DDD   DDD   AAA   DDD   DDD   DDD',
  'GET /api/campaigns/:id/cases/:caseId':                               'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/obligations/mine':                            'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/obligations/matrix':                          'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/liaisons':                                    'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/liaisons/mine':                               'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/liaisons/export.xlsx':                        'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/liaisons/:unitId/versions':                   'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/statistics':                                  'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/statistics/form':                             'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'GET /api/campaigns/:id/statistics/units/:unitId':                    'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/statistics/units/:unitId/export.xlsx':        'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/statistics/rollup':                           'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/statistics/export.xlsx':                      'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/statistics/export.csv':                       'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/summaries':                                   'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/summaries/units/:unitId':                     'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/summaries/units/:unitId/export.docx':         'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/media':                                       'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/activities':                                  'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/activities/calendar':                         'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/activities/units/:unitId/timeline':           'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/activities/units/:unitId/coverage':           'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/activities/:activityId':                      'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/campaigns/:id/packages':                                    'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/packages/:jobId':                             'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/packages/:jobId/download':                    'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/province-reports':                            'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/province-reports/:month':                     'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/province-reports/:month/report.:format':      'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/units/:unitId/poster.:format':                'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/typical-cases':                               'AAA   AAA   DDD   DDD   DDD   AAA   AAA   DDD',
  'GET /api/campaigns/:id/typical-cases/:typicalId':                    'AAA   AAA   DDD   DDD   DDD   AAA   AAA   DDD',
  'GET /api/campaigns/:id/typical-cases/:typicalId/evidence':           'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/campaigns/:id/typical-cases/:typicalId/package':            'AAA   AAA   DDD   DDD   DDD   AAA   AAA   DDD',
  'GET /api/campaigns/:id/exposure-quota':                              'AAA   AAA   DDD   DDD   DDD   AAA   DDD   DDD',
  'GET /api/case-files/:fileId/:variant':                               'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD',
  'GET /api/units':                                                     'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'GET /api/unit-types':                                                'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'GET /api/units/import/template':                                     'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/units/:id':                                                 'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer and media_partner act for no unit, so no unit record is theirs to open (B1 fix)
  'GET /api/media/:mediaId':                                            'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/media/:mediaId/thumb':                                      'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/media/:mediaId/display':                                    'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'GET /api/media/:mediaId/original':                                   'AAA   AAA   DDD   DDD   DDD   DDD   DDD   DDD',
  'GET /api/typical-images/:imageId':                                   'AAA   AAA   DDD   DDD   DDD   AAA   AAA   DDD',
  'POST /api/auth/logout':                                              'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'POST /api/auth/password':                                            'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'POST /api/auth/two-factor/setup':                                    'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'POST /api/auth/two-factor/enable':                                   'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'POST /api/auth/two-factor/disable':                                  'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'DELETE /api/auth/sessions/:sessionId':                               'AAA   AAA   AAA   AAA   AAA   AAA   AAA   DDD',
  'POST /api/accounts':                                                 'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'PATCH /api/accounts/:id':                                            'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/accounts/:id/reset-password':                              'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/accounts/:id/reset-two-factor':                            'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/accounts/:id/unlock':                                      'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'DELETE /api/accounts/:id/sessions/:sessionId':                       'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'PUT /api/campaigns/:id/definition':                                  'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/copy':                                       'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/archive':                                    'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/unarchive':                                  'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/cases':                                      'DDA   DDD   ADD   ADD   ADD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/cases/:caseId/actions':                      'AAA   DDD   DDD   DDD   ADD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/cases/:caseId/messages':                     'AAA   DDD   DDD   DDD   ADD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/cases/:caseId/files':                        'AAA   DDD   DDD   DDD   ADD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/obligations/:key/fulfilments':               'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/liaisons':                                   'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/liaisons/import':                            'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/liaisons/import/preview':                    'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'PUT /api/campaigns/:id/statistics/units/:unitId':                    'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/statistics/units/:unitId/submit':            'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/statistics/units/:unitId/check':             'AAA   AAA   ADD   ADD   ADD   DDD   DDD   DDD', // REVIEWED: reviewer, media_partner read no unit's records (B1)
  'POST /api/campaigns/:id/statistics/units/:unitId/approve':           'DDD   DDD   DDD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/statistics/units/:unitId/accept':            'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/statistics/units/:unitId/return':            'AAA   DDD   DDD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/statistics/units/:unitId/reopen':            'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/statistics/import':                          'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/statistics/import/preview':                  'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'PUT /api/campaigns/:id/summaries/units/:unitId':                     'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/summaries/units/:unitId/submit':             'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/summaries/units/:unitId/accept':             'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/summaries/units/:unitId/return':             'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/summaries/units/:unitId/reopen':             'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/media':                                      'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/activities':                                 'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'PUT /api/campaigns/:id/activities/:activityId':                      'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'DELETE /api/campaigns/:id/activities/:activityId':                   'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/activities/:activityId/submit':              'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/activities/:activityId/accept':              'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/activities/:activityId/return':              'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/activities/:activityId/media':               'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'DELETE /api/campaigns/:id/activities/:activityId/media/:mediaId':    'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/province-reports/:month/send':               'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/typical-cases':                              'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'PUT /api/campaigns/:id/typical-cases/:typicalId':                    'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/typical-cases/:typicalId/actions':           'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/typical-cases/:typicalId/images':            'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'PUT /api/campaigns/:id/typical-cases/:typicalId/images/:imageId':    'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'DELETE /api/campaigns/:id/typical-cases/:typicalId/images/:imageId': 'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/campaigns/:id/typical-cases/:typicalId/runs':              'AAA   DDD   DDD   DDD   DDD   DDD   AAA   DDD',
  'POST /api/units':                                                    'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/units/import/preview':                                     'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/units/import/commit':                                      'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'PATCH /api/units/:id':                                               'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/units/:id/move':                                           'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/units/:id/deactivate':                                     'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'POST /api/units/:id/activate':                                       'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'PATCH /api/media/:mediaId':                                          'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
  'DELETE /api/media/:mediaId':                                         'AAA   DDD   ADD   ADD   DDD   DDD   DDD   DDD',
  'POST /api/feed-token':                                               'DDD   DDD   DDD   DDD   DDD   DDD   AAA   DDD',
  'POST /api/campaigns/:id/packages':                                   'AAA   DDD   DDD   DDD   DDD   DDD   DDD   DDD',
};
// </table>
