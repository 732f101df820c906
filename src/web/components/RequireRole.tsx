import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../api/auth';
import type { Role } from '../api/types';
import { PERMISSIONS, hasAnyRole, type Permission } from './permissions';

/** `const can = useCan(); can('units.write')` — the one way to ask about permissions. */
export function useCan(): (permission: Permission) => boolean {
  const { data: me } = useMe();
  return (permission) => hasAnyRole(me?.roles, PERMISSIONS[permission]);
}

export function useHasRole(): (...roles: Role[]) => boolean {
  const { data: me } = useMe();
  return (...roles) => hasAnyRole(me?.roles, roles);
}

function Forbidden() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('errors.forbiddenTitle')}
      subTitle={t('errors.forbidden')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

interface Props {
  /** Any of these roles lets the children through. */
  roles?: readonly Role[];
  /** Or: the named permission. */
  permission?: Permission;
  /** What to render otherwise; a page gets a 403 result, a button gets nothing (pass null). */
  fallback?: ReactNode;
  children: ReactNode;
}

export function RequireRole({ roles, permission, fallback, children }: Props) {
  const { data: me } = useMe();
  const wanted: readonly Role[] = roles ?? (permission ? PERMISSIONS[permission] : []);
  if (hasAnyRole(me?.roles, wanted)) return <>{children}</>;
  return <>{fallback === undefined ? <Forbidden /> : fallback}</>;
}
