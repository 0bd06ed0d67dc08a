import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { t } from '../i18n';
import { Alert, QueryState } from '../ui/feedback';
import { Page } from '../ui/layout';
import { staffKeys, useStaff } from '../staff/staff-context';
import { StaffTopbar } from '../staff/staff-layout';
import { IntegrationCard } from './integration-card';
import { RoomsCard } from './rooms-card';

export function IntegrationsPage() {
  const { me, propertyId, properties } = useStaff();
  const isAdmin = me.role === 'admin';
  const integrations = useQuery({
    queryKey: staffKeys.integrations(propertyId),
    queryFn: () => unwrap(api.GET('/api/v1/admin/properties/{propertyId}/integrations', { params: { path: { propertyId } } })),
    enabled: isAdmin,
  });
  const propertyName = properties.find((property) => property.id === propertyId)?.label;

  return (
    <Page title={t.admin.title} topbar={<StaffTopbar />}>
      <h1>
        {t.admin.title}
        {propertyName && ` · ${propertyName}`}
      </h1>
      {isAdmin ? (
        <>
          <p>{t.admin.intro}</p>
          <QueryState query={integrations}>
            {(kinds) => kinds.map((kind) => <IntegrationCard key={`${propertyId}:${kind.kind}:${kind.version ?? 0}`} propertyId={propertyId} integration={kind} />)}
          </QueryState>
          <RoomsCard propertyId={propertyId} />
        </>
      ) : (
        <Alert kind="warning">
          <p>{t.admin.adminOnly}</p>
        </Alert>
      )}
    </Page>
  );
}
