import { readFileSync } from 'node:fs';
import { parseCampaignYaml, type CampaignParseResult } from './campaign.parse';

export { formatPath, parseCampaign, parseCampaignYaml } from './campaign.parse';
export type { CampaignError, CampaignParseResult } from './campaign.parse';

/** The only I/O in the domain: reading a definition the office keeps under campaigns/. */
export function loadCampaignFile(path: string | URL): CampaignParseResult {
  return parseCampaignYaml(readFileSync(path, 'utf8'));
}
