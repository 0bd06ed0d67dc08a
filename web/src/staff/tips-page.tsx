import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { t } from '../i18n';
import { formatMoney, minorToInput, parseMoney, todayIn } from '../lib/format';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button, SelectField, TextField } from '../ui/form';
import { Page } from '../ui/layout';
import { staffKeys, useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';

type TipRules = components['schemas']['TipRules'];
type TipReport = components['schemas']['TipReport'];
type Department = TipRules['departments'][number];

const DEPARTMENTS: Department[] = ['front_desk', 'housekeeping', 'concierge', 'maintenance', 'spa'];
const DISTRIBUTIONS: TipRules['distribution'][] = ['person', 'pool', 'shared'];

/** A property's tip rules and the tip report of a period with its payroll CSV: for managers and admins. */
export function TipsPage() {
  const { propertyId } = useStaff();
  return (
    <Page title={t.tips.title} topbar={<StaffTopbar />}>
      <h1>{t.tips.title}</h1>
      {/* Keyed by property: switching property starts the forms afresh. */}
      <TipReportSection key={`report-${propertyId}`} propertyId={propertyId} />
      <TipRulesSection key={`rules-${propertyId}`} propertyId={propertyId} />
      <PaymentSettingsSection key={`payments-${propertyId}`} propertyId={propertyId} />
    </Page>
  );
}

function TipRulesSection({ propertyId }: { propertyId: string }) {
  const rules = useQuery({
    queryKey: staffKeys.tipRules(propertyId),
    queryFn: () => unwrap(api.GET('/api/v1/admin/properties/{propertyId}/tip-rules', { params: { path: { propertyId } } })),
  });
  return (
    <section className="card" aria-labelledby="tip-rules-heading">
      <h2 id="tip-rules-heading">{t.tips.rulesTitle}</h2>
      <QueryState query={rules}>{(saved) => <TipRulesForm propertyId={propertyId} saved={saved} />}</QueryState>
    </section>
  );
}

function TipRulesForm({ propertyId, saved }: { propertyId: string; saved: TipRules }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TipRules>(saved);
  const save = useMutation({
    mutationFn: (body: TipRules) => unwrap(api.PUT('/api/v1/admin/properties/{propertyId}/tip-rules', { params: { path: { propertyId } }, body })),
    onSuccess: (rules) => {
      queryClient.setQueryData(staffKeys.tipRules(propertyId), rules);
      return queryClient.invalidateQueries({ queryKey: staffKeys.tipReports(propertyId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  const toggle = (name: Department, on: boolean) =>
    setDraft({ ...draft, departments: on ? [...draft.departments, name] : draft.departments.filter((candidate) => candidate !== name) });

  return (
    <form onSubmit={submit} noValidate>
      {save.isSuccess && (
        <Alert kind="success">
          <p>{t.tips.rulesSaved}</p>
        </Alert>
      )}
      {save.error && <ErrorAlert error={save.error} />}
      <fieldset className="field">
        <legend>{t.tips.departmentsLegend}</legend>
        {DEPARTMENTS.map((name) => (
          <label className="choice" key={name}>
            <input type="checkbox" name="departments" value={name} checked={draft.departments.includes(name)} onChange={(event) => toggle(name, event.target.checked)} />
            {t.pay.departments[name]}
          </label>
        ))}
      </fieldset>
      <label className="choice">
        <input type="checkbox" name="tipsToStaff" checked={draft.tipsToStaff} onChange={(event) => setDraft({ ...draft, tipsToStaff: event.target.checked })} />
        {t.tips.tipsToStaff}
      </label>
      <SelectField
        label={t.tips.distribution}
        name="distribution"
        value={draft.distribution}
        hint={t.tips.distributionHint[draft.distribution]}
        onChange={(event) => setDraft({ ...draft, distribution: event.target.value as TipRules['distribution'] })}
      >
        {DISTRIBUTIONS.map((mode) => (
          <option key={mode} value={mode}>
            {t.tips.distributions[mode]}
          </option>
        ))}
      </SelectField>
      <Button busy={save.isPending} busyLabel={t.tips.saving}>
        {t.tips.saveRules}
      </Button>
    </form>
  );
}

type PaymentSettings = components['schemas']['PaymentSettings'];
const AMOUNT_FIELDS = ['holdPerNightMinor', 'holdDepositMinor', 'deskPaymentMaxMinor', 'refundFrontDeskMaxMinor'] as const;
type AmountField = (typeof AMOUNT_FIELDS)[number];

/** The card hold (per night and deposit) and the front desk's limits, in the property's currency. */
function PaymentSettingsSection({ propertyId }: { propertyId: string }) {
  const settings = useQuery({
    queryKey: staffKeys.paymentSettings(propertyId),
    queryFn: () => unwrap(api.GET('/api/v1/admin/properties/{propertyId}/payment-settings', { params: { path: { propertyId } } })),
  });
  return (
    <section className="card" aria-labelledby="payment-settings-heading">
      <h2 id="payment-settings-heading">{t.tips.paymentSettingsTitle}</h2>
      <p>{t.tips.paymentSettingsIntro}</p>
      <QueryState query={settings}>{(saved) => <PaymentSettingsForm propertyId={propertyId} saved={saved} />}</QueryState>
    </section>
  );
}

function PaymentSettingsForm({ propertyId, saved }: { propertyId: string; saved: PaymentSettings }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Record<AmountField, string>>(
    () => Object.fromEntries(AMOUNT_FIELDS.map((field) => [field, minorToInput(saved[field], saved.currency)])) as Record<AmountField, string>,
  );
  const [shown, setShown] = useState(false);
  const parsed = Object.fromEntries(AMOUNT_FIELDS.map((field) => [field, parseMoney(draft[field], saved.currency)])) as Record<AmountField, number | undefined>;
  const save = useMutation({
    mutationFn: (body: Record<AmountField, number>) => unwrap(api.PUT('/api/v1/admin/properties/{propertyId}/payment-settings', { params: { path: { propertyId } }, body })),
    onSuccess: (settings) => queryClient.setQueryData(staffKeys.paymentSettings(propertyId), settings),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (AMOUNT_FIELDS.every((field) => parsed[field] !== undefined)) save.mutate(parsed as Record<AmountField, number>);
  };
  return (
    <form onSubmit={submit} noValidate>
      {save.isSuccess && (
        <Alert kind="success">
          <p>{t.tips.paymentSettingsSaved}</p>
        </Alert>
      )}
      {save.error && <ErrorAlert error={save.error} />}
      {AMOUNT_FIELDS.map((field) => (
        <TextField
          key={field}
          label={t.tips.paymentSettings[field](saved.currency)}
          name={field}
          inputMode="decimal"
          value={draft[field]}
          onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
          error={shown && parsed[field] === undefined ? t.tips.amountInvalid : undefined}
        />
      ))}
      <Button busy={save.isPending} busyLabel={t.tips.saving}>
        {t.tips.savePaymentSettings}
      </Button>
    </form>
  );
}

/** The first day of the month a day is in. */
const monthStart = (day: string) => `${day.slice(0, 8)}01`;

function TipReportSection({ propertyId }: { propertyId: string }) {
  const today = todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [from, setFrom] = useState(monthStart(today));
  const [to, setTo] = useState(today);
  const period = { from, to };
  const report = useQuery({
    queryKey: [...staffKeys.tipReports(propertyId), period],
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/tips/report', { params: { path: { propertyId }, query: period } })),
    enabled: Boolean(from && to),
  });
  const download = useMutation({
    mutationFn: async (shown: TipReport) => {
      const csv = await unwrap(
        api.GET('/api/v1/staff/properties/{propertyId}/tips/report/payroll.csv', { params: { path: { propertyId }, query: { from: shown.from, to: shown.to } }, parseAs: 'blob' }),
      );
      // The download needs the staff token, so it is fetched and handed to the browser as a file.
      const link = document.createElement('a');
      link.href = URL.createObjectURL(csv as Blob);
      link.download = `tips-${shown.property.code}-${shown.from}-${shown.to}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    },
  });

  return (
    <section className="card" aria-labelledby="tip-report-heading">
      <h2 id="tip-report-heading">{t.tips.reportTitle}</h2>
      <div className="toolbar">
        <TextField label={t.tips.from} type="date" name="from" value={from} max={to || undefined} onChange={(event) => setFrom(event.target.value)} />
        <TextField label={t.tips.to} type="date" name="to" value={to} min={from || undefined} onChange={(event) => setTo(event.target.value)} />
      </div>
      <QueryState query={report}>
        {(shown) => (
          <>
            <p data-testid="tip-total">
              {t.tips.summary(shown.tipCount, formatMoney(shown.totalMinor, shown.currency), formatMoney(shown.refundedMinor, shown.currency), t.tips.distributions[shown.distribution]!)}
            </p>
            <Button type="button" className="button secondary" busy={download.isPending} busyLabel={t.tips.downloading} onClick={() => download.mutate(shown)}>
              {t.tips.downloadCsv}
            </Button>
            {download.error && <ErrorAlert error={download.error} />}
            <ReportTables report={shown} />
          </>
        )}
      </QueryState>
    </section>
  );
}

function ReportTables({ report }: { report: TipReport }) {
  const money = (minor: number) => formatMoney(minor, report.currency);
  const poolName = (pool: TipReport['pools'][number]['pool']) => (pool === 'shared' ? t.tips.sharedPool : t.pay.departments[pool]!);
  return (
    <>
      <h3>{t.tips.poolsTitle}</h3>
      {report.pools.length === 0 ? (
        <p>{t.tips.noPools}</p>
      ) : (
        <div className="table-wrap">
          <table className="cards" aria-label={t.tips.poolsTitle}>
            <thead>
              <tr>
                <th scope="col">{t.tips.pool}</th>
                <th scope="col">{t.tips.poolTips}</th>
                <th scope="col">{t.tips.members}</th>
                <th scope="col">{t.tips.unallocated}</th>
              </tr>
            </thead>
            <tbody>
              {report.pools.map((pool) => (
                <tr key={pool.pool}>
                  <td data-label={t.tips.pool}>{poolName(pool.pool)}</td>
                  <td data-label={t.tips.poolTips}>{money(pool.totalMinor)}</td>
                  <td data-label={t.tips.members}>{pool.members}</td>
                  <td data-label={t.tips.unallocated}>{money(pool.unallocatedMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t.tips.staffTitle}</h3>
      <div className="table-wrap">
        <table className="cards" aria-label={t.tips.staffTitle}>
          <thead>
            <tr>
              <th scope="col">{t.tips.person}</th>
              <th scope="col">{t.tips.named}</th>
              <th scope="col">{t.tips.poolShare}</th>
              <th scope="col">{t.tips.share}</th>
            </tr>
          </thead>
          <tbody>
            {report.staff.map((person) => (
              <tr key={person.staffId} data-email={person.email}>
                <td data-label={t.tips.person}>
                  {person.name}
                  <div className="muted">{person.department ? t.pay.departments[person.department] : person.email}</div>
                </td>
                <td data-label={t.tips.named}>{money(person.namedMinor)}</td>
                <td data-label={t.tips.poolShare}>{money(person.poolShareMinor)}</td>
                <td data-label={t.tips.share}>
                  <strong>{money(person.shareMinor)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
