import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { AppDeps } from '../../context';
import type { Actor } from '../../auth/actor';
import { fail, notFound } from '../../http/errors';
import { DAY_MS } from '../../../domain/time';
import { audit } from '../audit/audit.service';
import { loadCampaignWithObligations } from '../campaigns/campaign.cache';
import { findUnit } from '../orgs/unit.store';
import { TEMP_SUFFIX, type PackageRunner } from './package.runner';
import {
  deleteJobs, failUnfinishedJobs, findJob, findUnfinishedJob, insertJob, listJobs, listJobsBefore,
} from './package.store';
import { presentJob } from './package.presenter';

/** The office keeps a package a day: long enough to download it, short enough not to fill the disk with copies. */
const KEEP_MS = DAY_MS;
const LIST_LIMIT = 20;

export function packageService(deps: Pick<AppDeps, 'db' | 'now' | 'log'>, runner: PackageRunner) {
  const { db, now, log } = deps;

  async function checkCampaign(campaignId: number) {
    if (!(await loadCampaignWithObligations(db, campaignId))) throw notFound();
  }

  async function jobOf(campaignId: number, jobId: number) {
    const job = await findJob(db, jobId);
    if (!job || job.campaignId !== campaignId) throw notFound();
    return job;
  }

  return {
    /** Creates the job and starts it in the background; an unfinished job for the same package is answered instead. */
    async create(actor: Actor, campaignId: number, unitId: number | undefined) {
      await checkCampaign(campaignId);
      if (unitId !== undefined && !(await findUnit(db, unitId))) throw fail(400, 'unit.missing', {}, 'unitId');
      const scope = unitId === undefined ? 'all' as const : 'unit' as const;
      const running = await findUnfinishedJob(db, campaignId, scope, unitId ?? null);
      if (running) return presentJob(running);
      const at = now();
      const id = await db.transaction().execute(async (tx) => {
        const newId = await insertJob(tx, { campaignId, scope, unitId: unitId ?? null, createdBy: actor.accountId, at });
        await audit(tx, actor, 'package.create', { type: 'package_job', id: newId }, { after: { campaignId, scope, unitId: unitId ?? null } }, at);
        return newId;
      });
      runner.start(id, actor);
      return presentJob((await findJob(db, id))!);
    },

    async list(campaignId: number) {
      await checkCampaign(campaignId);
      return { jobs: (await listJobs(db, campaignId, LIST_LIMIT)).map(presentJob) };
    },

    async get(campaignId: number, jobId: number) {
      return presentJob(await jobOf(campaignId, jobId));
    },

    async file(campaignId: number, jobId: number) {
      const job = await jobOf(campaignId, jobId);
      if (job.status !== 'done' || !job.fileKey) throw fail(409, 'package.not_ready');
      const file = path.join(runner.dir, path.basename(job.fileKey));
      const { size } = await fsp.stat(file);
      return { job, size, stream: fs.createReadStream(file) };
    },

    /**
     * At start: a job left queued or running by a stopped process never finishes, so it is failed;
     * jobs older than a day go with their files; temp files are all orphans, as jobs run only here.
     */
    async recover() {
      const at = now();
      const failed = await failUnfinishedJobs(db, 'package.interrupted', at);
      const old = await listJobsBefore(db, new Date(at.getTime() - KEEP_MS));
      await deleteJobs(db, old.map((j) => j.id));
      let removed = 0;
      for (const j of old) {
        if (!j.file_key) continue;
        await fsp.rm(path.join(runner.dir, path.basename(j.file_key)), { force: true });
        removed++;
      }
      const names = await fsp.readdir(runner.dir).catch(() => [] as string[]);
      for (const name of names) if (name.endsWith(TEMP_SUFFIX)) await fsp.rm(path.join(runner.dir, name), { force: true });
      if (failed || old.length) log?.info({ failed, deleted: old.length, files: removed }, 'package jobs tidied at start');
      return { failed, deleted: old.length };
    },
  };
}

export type PackageService = ReturnType<typeof packageService>;
