import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App as AntApp, Button, Drawer, Dropdown, Grid, Layout as AntLayout, Menu, Select, Space, Spin, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  AlertOutlined,
  AuditOutlined,
  DesktopOutlined,
  NotificationOutlined,
  SendOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FlagOutlined,
  PictureOutlined,
  QrcodeOutlined,
  ContactsOutlined,
  FileTextOutlined,
  FileZipOutlined,
  ApartmentOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuOutlined,
  ScheduleOutlined,
  TableOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLogout, useMe } from '../api/auth';
import { useCampaign } from '../api/campaigns';
import { useLang } from '../i18n';
import { tx } from '../lib/format';
import { useCurrentCampaign } from './CampaignContext';
import { LanguageSwitch } from './LanguageSwitch';
import { useCan } from './RequireRole';
import type { Permission } from './permissions';

const { Header, Sider, Content, Footer } = AntLayout;

import { BRAND_BLUE, BRAND_RED } from './theme';

interface NavItem {
  key: string;
  path: string;
  icon: React.ReactNode;
  label: string;
  permission?: Permission;
  /** The path prefix under which this item is the current one, when wider than its own path. */
  match?: string;
}

function CampaignSelect({ block }: { block?: boolean }) {
  const { campaigns, currentId, setCurrentId } = useCurrentCampaign();
  const lang = useLang();
  const { t } = useTranslation();
  if (campaigns.length < 2) return null;
  return (
    <Select<number>
      data-testid="campaign-select"
      size="small"
      aria-label={t('layout.campaign')}
      value={currentId}
      onChange={setCurrentId}
      style={{ width: block ? '100%' : 220 }}
      popupMatchSelectWidth={false}
      options={campaigns.map((c) => ({
        value: c.id,
        label: `${c.year} · ${tx(c.title, lang)}${c.status === 'archived' ? ` (${t('campaign.archived')})` : ''}`,
      }))}
    />
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const lang = useLang();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const can = useCan();
  const logout = useLogout();
  const { current, currentId } = useCurrentCampaign();
  const { data: campaign } = useCampaign(currentId);
  const { message } = AntApp.useApp();

  const nav: NavItem[] = useMemo(
    () =>
      [
        { key: 'overview', path: '/', icon: <HomeOutlined />, label: t('nav.overview') },
        { key: 'todo', path: '/todo', icon: <ScheduleOutlined />, label: t('nav.todo'), permission: 'todo.view' as const },
        {
          key: 'obligations',
          path: '/obligations',
          icon: <TableOutlined />,
          label: t('nav.obligations'),
          permission: 'obligations.matrix' as const,
        },
        { key: 'liaison', path: '/liaison', icon: <ContactsOutlined />, label: t('nav.liaison'), permission: 'liaison.fill' as const },
        { key: 'liaisons', path: '/liaisons', icon: <ContactsOutlined />, label: t('nav.liaisons'), permission: 'liaison.office' as const },
        { key: 'statistics', path: '/statistics', icon: <BarChartOutlined />, label: t('nav.statistics'), permission: 'statistics.fill' as const },
        {
          key: 'statistics-office',
          path: '/statistics/office',
          // The office also opens units' tables and the import from here.
          match: '/statistics/',
          icon: <BarChartOutlined />,
          label: t('nav.statisticsOffice'),
          permission: 'statistics.office' as const,
        },
        { key: 'summary', path: '/summary', icon: <FileTextOutlined />, label: t('nav.summary'), permission: 'summary.fill' as const },
        {
          key: 'summaries-office',
          path: '/summaries/office',
          // Also the units' summaries the office opens from its list (/summary/:unitId).
          match: '/summar',
          icon: <FileTextOutlined />,
          label: t('nav.summariesOffice'),
          permission: 'summary.office' as const,
        },
        { key: 'packages', path: '/packages', icon: <FileZipOutlined />, label: t('nav.packages'), permission: 'package.manage' as const },
        {
          key: 'activities',
          path: '/activities',
          icon: <FlagOutlined />,
          label: t('nav.activities'),
          permission: 'activities.view' as const,
        },
        {
          key: 'activity-calendar',
          path: '/activities/calendar',
          icon: <CalendarOutlined />,
          label: t('nav.activityCalendar'),
          permission: 'activities.view' as const,
        },
        { key: 'media', path: '/media', icon: <PictureOutlined />, label: t('nav.media'), permission: 'media.view' as const },
        { key: 'cases', path: '/cases', icon: <AlertOutlined />, label: t('nav.cases'), permission: 'cases.view' as const },
        { key: 'case-posters', path: '/cases/posters', icon: <QrcodeOutlined />, label: t('nav.casePosters'), permission: 'cases.posters' as const },
        { key: 'exposures', path: '/exposures', icon: <NotificationOutlined />, label: t('nav.exposures'), permission: 'exposures.view' as const },
        { key: 'media-desk', path: '/media-desk', icon: <DesktopOutlined />, label: t('nav.mediaDesk'), permission: 'exposures.media' as const },
        {
          key: 'province-reports',
          path: '/province-reports',
          icon: <SendOutlined />,
          label: t('nav.provinceReports'),
          permission: 'exposures.province' as const,
        },
        { key: 'units', path: '/units', icon: <ApartmentOutlined />, label: t('nav.units'), permission: 'units.view' as const },
        { key: 'accounts', path: '/accounts', icon: <TeamOutlined />, label: t('nav.accounts'), permission: 'accounts.view' as const },
        { key: 'audit', path: '/audit', icon: <AuditOutlined />, label: t('nav.audit'), permission: 'audit.view' as const },
        { key: 'profile', path: '/profile', icon: <UserOutlined />, label: t('nav.profile') },
      ].filter((item) => !item.permission || can(item.permission)),
    [t, me],
  );

  const selectedKey =
    nav
      .filter((n) => (n.path === '/' ? location.pathname === '/' : location.pathname.startsWith(n.match ?? n.path)))
      .sort((a, b) => (b.match ?? b.path).length - (a.match ?? a.path).length)[0]?.key ?? 'overview';

  const menuItems: MenuProps['items'] = nav.map((n) => ({
    key: n.key,
    icon: n.icon,
    label: (
      <Link to={n.path} data-testid={`menu-${n.key}`} onClick={() => setDrawerOpen(false)}>
        {n.label}
      </Link>
    ),
  }));

  const doLogout = () => {
    logout.mutate(undefined, {
      onSettled: () => {
        void message.success(t('auth.loggedOut'));
        navigate('/login', { replace: true });
      },
    });
  };

  const userMenu: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div style={{ lineHeight: 1.4 }}>
          <div style={{ fontWeight: 600, color: 'rgba(0,0,0,0.88)' }}>{me?.displayName}</div>
          <div style={{ fontSize: 12 }}>{me?.unit.name}</div>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'profile', icon: <UserOutlined />, label: <Link to="/profile">{t('nav.profile')}</Link> },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: <span data-testid="logout-menu">{t('auth.logout')}</span>,
      onClick: doLogout,
    },
  ];

  const shortTitle = campaign
    ? tx(campaign.definition.identity.shortTitle, lang)
    : current
      ? tx(current.title, lang)
      : t('app.title');

  const menu = (
    <Menu mode="inline" selectedKeys={[selectedKey]} items={menuItems} style={{ borderInlineEnd: 0 }} />
  );

  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 100,
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          padding: isMobile ? '0 8px' : '0 20px',
          height: 56,
          lineHeight: '56px',
          background: `linear-gradient(90deg, ${BRAND_RED} 0, ${BRAND_RED} 6px, ${BRAND_BLUE} 6px, #24508f 100%)`,
          borderBottom: `3px solid ${BRAND_RED}`,
        }}
      >
        {isMobile && (
          <Button
            type="text"
            icon={<MenuOutlined style={{ color: '#fff' }} />}
            aria-label={t('layout.openMenu')}
            data-testid="menu-burger"
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <Link
          to="/"
          style={{
            color: '#fff',
            fontSize: isMobile ? 15 : 18,
            fontWeight: 600,
            letterSpacing: lang === 'zh' ? 1 : 0,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            minWidth: 0,
            flex: '1 1 auto',
          }}
          title={shortTitle}
          data-testid="header-title"
        >
          {isMobile ? t('app.shortTitle') : `${t('app.title')}${current ? ` · ${shortTitle}` : ''}`}
        </Link>
        <Space size={isMobile ? 4 : 12} style={{ flex: 'none' }}>
          {!isMobile && <CampaignSelect />}
          <LanguageSwitch light />
          <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
            <Button type="text" data-testid="user-menu" style={{ color: '#fff', paddingInline: 6 }} icon={<UserOutlined />}>
              {!isMobile && (
                <span style={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', display: 'inline-block', verticalAlign: 'bottom' }}>
                  {me?.displayName}
                  <Typography.Text style={{ color: 'rgba(255,255,255,0.75)', marginInlineStart: 6, fontSize: 12 }}>
                    {me?.unit.name}
                  </Typography.Text>
                </span>
              )}
            </Button>
          </Dropdown>
          <Button
            type="text"
            data-testid="logout"
            icon={<LogoutOutlined />}
            style={{ color: '#fff', paddingInline: 6 }}
            onClick={doLogout}
            loading={logout.isPending}
            aria-label={t('auth.logout')}
            title={t('auth.logout')}
          >
            {!isMobile && t('auth.logout')}
          </Button>
        </Space>
      </Header>
      <AntLayout>
        {!isMobile && (
          <Sider width={208} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }} data-testid="side-menu">
            {menu}
          </Sider>
        )}
        {isMobile && (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={260}
            title={t('app.title')}
            styles={{ body: { padding: 0 } }}
          >
            <div style={{ padding: 12 }}>
              <div style={{ fontWeight: 600 }}>{me?.displayName}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {me?.unit.name}
              </Typography.Text>
              <div style={{ marginTop: 8 }}>
                <CampaignSelect block />
              </div>
            </div>
            {menu}
          </Drawer>
        )}
        <AntLayout style={{ minWidth: 0 }}>
          <Content style={{ padding: isMobile ? 8 : 20, minWidth: 0 }}>
            <Suspense
              fallback={
                <div style={{ padding: 48, textAlign: 'center' }}>
                  <Spin />
                </div>
              }
            >
              <Outlet />
            </Suspense>
          </Content>
          <Footer style={{ textAlign: 'center', color: 'rgba(0,0,0,0.45)', fontSize: 12, padding: '12px 8px' }}>
            <OrganiserFooter />
          </Footer>
        </AntLayout>
      </AntLayout>
    </AntLayout>
  );
}

/** The footer names the organiser of the campaign in view (the plan's issuer), not a fixed office. */
function OrganiserFooter() {
  const { t } = useTranslation();
  const lang = useLang();
  const { currentId } = useCurrentCampaign();
  const { data: campaign } = useCampaign(currentId);
  return <>{campaign ? t('layout.footer', { organiser: tx(campaign.definition.identity.issuer, lang) }) : t('layout.footerPlatform')}</>;
}
