/*
 * The pure domain, safe to import from the browser. Only campaign/campaign.load reads the disk
 * (loadCampaignFile), so server code imports it directly; parsing
 * without I/O is re-exported here.
 */
export * from './text';
export * from './time';
export * from './orgs/unit-type';
export * from './campaign/campaign.schema';
export * from './campaign/campaign.parse';
export * from './campaign/campaign.copy';
export * from './obligations/obligation.rules';
