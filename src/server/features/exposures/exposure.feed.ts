import crypto from 'node:crypto';
import type { AppDeps } from '../../context';
import type { Actor } from '../../auth/actor';
import { exposurePolicy } from '../../auth/policies/exposure.policy';
import { fail, forbidden } from '../../http/errors';
import { audit } from '../audit/audit.service';
import { findAccountById } from '../accounts/account.store';
import { presentPublic } from './exposure.presenter';
import { listImages, listRuns, type TypicalRow } from './exposure.store';

/*
 * The media partners' feed (JSON Feed 1.1) of published typical cases. A partner reads it with a
 * token in the URL (feed readers cannot log in); the token is random, stored as its SHA-256,
 * shown once, and replaced (not added to) when the partner asks for a new one.
 */

const FEED_ITEMS = 50;
const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export function exposureFeed(deps: Pick<AppDeps, 'db' | 'now'>) {
  const { db, now } = deps;
  return {
    async newToken(actor: Actor) {
      if (!exposurePolicy.feedToken(actor)) throw forbidden();
      const token = crypto.randomBytes(24).toString('base64url');
      const at = now();
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('feed_tokens').where('account_id', '=', actor.accountId).execute();
        await tx.insertInto('feed_tokens').values({ account_id: actor.accountId, token_hash: hashToken(token), created_at: at.toISOString() }).execute();
        await audit(tx, actor, 'feed_token.create', { type: 'account', id: actor.accountId }, {}, at);
      });
      return token;
    },

    /** The feed for a token whose partner still has an active account with the role. */
    async feed(token: string, origin: string) {
      const row = await db.selectFrom('feed_tokens').select('account_id').where('token_hash', '=', hashToken(token)).executeTakeFirst();
      const account = row ? await findAccountById(db, row.account_id) : undefined;
      if (!account || !account.active || !account.roles.includes('media_partner')) throw fail(401, 'exposure.feed_token');
      const cases = await db.selectFrom('typical_cases').selectAll().where('status', '=', 'published')
        .orderBy('published_at', 'desc').orderBy('id', 'desc').limit(FEED_ITEMS).execute() as TypicalRow[];
      const ids = cases.map((c) => c.id);
      const [images, runs] = await Promise.all([listImages(db, ids), listRuns(db, ids)]);
      return {
        version: 'https://jsonfeed.org/version/1.1',
        title: '典型案例曝光 Typical cases exposed',
        home_page_url: `${origin}/exposure`,
        feed_url: `${origin}/api/feeds/exposures.json`,
        language: 'zh-CN',
        items: cases.map((c) => {
          const p = presentPublic(c, images.filter((i) => i.typical_case_id === c.id), runs.filter((r) => r.typical_case_id === c.id));
          const text = [`涉事单位：${p.subject}${p.sector ? `（${p.sector}）` : ''}`, `基本案情：${p.facts}`, `违法违规行为：${p.violations}`, `处理情况：${p.handling}`, `警示意义：${p.lesson}`].join('\n\n');
          return {
            id: `typical-case-${c.id}`,
            url: `${origin}/exposure#case-${c.id}`,
            title: p.title,
            content_text: text,
            date_published: c.published_at,
            ...(p.images[0] && { image: `${origin}${p.images[0].url}` }),
            attachments: p.images.map((i) => ({ url: `${origin}${i.url}`, mime_type: 'image/jpeg', title: i.caption ?? undefined })),
            tags: [...(p.dualPenalty ? ['一案双罚'] : []), ...(p.criminalTransfer ? ['行刑衔接'] : [])],
          };
        }),
      };
    },
  };
}
