import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useCampaigns } from '../api/campaigns';
import type { CampaignSummary } from '../api/types';

/*
 * The campaign the app is looking at: the one chosen in the header (remembered in
 * localStorage), else the one running today (the server marks it `current`: a running Tour is
 * never hidden by next year's copy), else the newest active one.
 */

const STORAGE_KEY = 'sm_campaign';

interface CampaignContextValue {
  campaigns: CampaignSummary[];
  current: CampaignSummary | undefined;
  currentId: number | undefined;
  setCurrentId: (id: number) => void;
  isLoading: boolean;
  error: unknown;
}

const Ctx = createContext<CampaignContextValue | null>(null);

function storedId(): number | undefined {
  try {
    const v = Number(localStorage.getItem(STORAGE_KEY));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  } catch {
    return undefined;
  }
}

export function CampaignProvider({ children }: { children: ReactNode }) {
  const { data, isLoading, error } = useCampaigns();
  const [chosen, setChosen] = useState<number | undefined>(storedId);
  const campaigns = useMemo(() => data ?? [], [data]);

  const current = useMemo(
    () =>
      campaigns.find((c) => c.id === chosen) ??
      campaigns.find((c) => c.current) ??
      campaigns.find((c) => c.status === 'active') ??
      campaigns[0],
    [campaigns, chosen],
  );

  const setCurrentId = useCallback((id: number) => {
    setChosen(id);
    try {
      localStorage.setItem(STORAGE_KEY, String(id));
    } catch {
      /* storage blocked */
    }
  }, []);

  const value = useMemo(
    () => ({ campaigns, current, currentId: current?.id, setCurrentId, isLoading, error }),
    [campaigns, current, setCurrentId, isLoading, error],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCurrentCampaign(): CampaignContextValue {
  const v = useContext(Ctx);
  if (!v) throw new Error('useCurrentCampaign outside CampaignProvider');
  return v;
}
