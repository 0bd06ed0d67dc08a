import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { t } from '../i18n';
import { chime } from '../lib/chime';
import { formatDateTime, formatMicroUsd } from '../lib/format';
import { useLiveEvents } from '../lib/live-events';
import { useStickToBottom } from '../lib/stick-to-bottom';
import { Alert, ErrorAlert, LiveIndicator, QueryState } from '../ui/feedback';
import { Button, TextAreaField } from '../ui/form';
import { Page } from '../ui/layout';
import { staffKeys, staffStream, useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';

type InboxEntry = components['schemas']['ConciergeInboxEntry'];
type Detail = components['schemas']['ConciergeConversationDetail'];
type StaffMessage = components['schemas']['ConciergeStaffMessage'];
const FILTERS = ['all', 'unread', 'waiting_for_person', 'with_person'] as const;
type Filter = (typeof FILTERS)[number];

const guestName = (entry: Pick<InboxEntry, 'stay'>) => t.inbox.guest(entry.stay.guestFirstName, entry.stay.guestLastName);

/**
 * The property's guest chats, live: the list (filtered by unread, waiting for a person, handed
 * over) beside the chosen chat, where staff reply as a person, take over or give back, and send
 * or discard the AI's drafts in suggest mode. A staff alert (an unhappy guest, one asking for a
 * person) chimes and names the chat. The chosen chat and the filter live in the URL.
 */
export function InboxPage() {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filter: Filter = FILTERS.find((candidate) => candidate === params.get('filter')) ?? 'all';
  const chosen = params.get('chat');
  const filtersId = useId();
  const [alerted, setAlerted] = useState<string | undefined>();

  const inbox = useQuery({
    queryKey: staffKeys.inbox(propertyId, filter),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/concierge/conversations', { params: { path: { propertyId }, query: { filter } } })),
  });
  const live = useLiveEvents({
    enabled: true,
    key: propertyId,
    ...staffStream(propertyId),
    onEvent: (type, data) => {
      if (type !== 'resync' && !type.startsWith('concierge.')) return;
      if (type === 'concierge.alert') {
        chime();
        const subjectId = (data as { subjectId?: unknown } | null)?.subjectId;
        if (typeof subjectId === 'string') setAlerted(subjectId);
      }
      void queryClient.invalidateQueries({ queryKey: staffKeys.concierge(propertyId) });
    },
  });

  const choose = (key: 'chat' | 'filter', value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value && !(key === 'filter' && value === 'all')) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const alertedEntry = inbox.data?.conversations.find((entry) => entry.id === alerted);

  return (
    <Page title={t.inbox.title} topbar={<StaffTopbar />}>
      <h1>{t.inbox.title}</h1>
      <p>{t.inbox.intro}</p>
      <LiveIndicator connected={live} />
      <div aria-live="assertive">
        {alerted && (
          <Alert kind="warning">
            <p>{t.inbox.alert(alertedEntry ? `${guestName(alertedEntry)}, ${t.inbox.room(alertedEntry.stay.room)}` : t.inbox.authors.guest!)}</p>
            <button
              type="button"
              className="button"
              onClick={() => {
                choose('chat', alerted);
                setAlerted(undefined);
              }}
            >
              {t.inbox.openChat}
            </button>
          </Alert>
        )}
      </div>
      <div className="tabs" role="group" aria-labelledby={filtersId}>
        <span id={filtersId} className="visually-hidden">
          {t.inbox.filterLabel}
        </span>
        {FILTERS.map((candidate) => (
          <button key={candidate} type="button" className="button" aria-pressed={candidate === filter} onClick={() => choose('filter', candidate)}>
            {t.inbox.filters[candidate]}
          </button>
        ))}
      </div>
      <div className="inbox">
        <section className="card">
          <QueryState query={inbox}>
            {(data) =>
              data.conversations.length === 0 ? (
                <p>{t.inbox.empty}</p>
              ) : (
                <ul className="lines conversations" aria-label={t.inbox.title}>
                  {data.conversations.map((entry) => (
                    <InboxRow key={entry.id} entry={entry} current={entry.id === chosen} href={`?${new URLSearchParams({ ...(filter !== 'all' && { filter }), chat: entry.id })}`} />
                  ))}
                </ul>
              )
            }
          </QueryState>
        </section>
        <section className="card" aria-label={t.inbox.title}>
          {chosen ? <ConversationPanel key={chosen} conversationId={chosen} /> : <p>{t.inbox.pick}</p>}
        </section>
      </div>
    </Page>
  );
}

function InboxRow({ entry, current, href }: { entry: InboxEntry; current: boolean; href: string }) {
  return (
    <li aria-current={current || undefined} data-conversation-id={entry.id}>
      <Link to={href} className="what">
        <strong>{guestName(entry)}</strong> · {t.inbox.room(entry.stay.room)}
        <span className="when">{entry.lastMessage}</span>
      </Link>
      <span className="actions">
        <span className={`badge ${entry.status === 'waiting_for_person' ? 'bad' : ''}`}>{t.inbox.status[entry.status]}</span>
        {entry.staffUnread > 0 && <span className="badge">{t.inbox.unread(entry.staffUnread)}</span>}
        <MoodBadge mood={entry.mood} />
      </span>
    </li>
  );
}

/** The stay's mood as the front desk reads it: happy, neutral or unhappy from the rolling sentiment. */
export function MoodBadge({ mood }: { mood: number | null }) {
  return (
    <span className={`badge ${mood !== null && mood <= -0.3 ? 'bad' : mood !== null && mood >= 0.3 ? 'ok' : ''}`} title={t.inbox.moodTitle} data-testid="mood">
      {t.inbox.mood(mood)}
    </span>
  );
}

function ConversationPanel({ conversationId }: { conversationId: string }) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const path = { propertyId, conversationId };
  const detail = useQuery({
    queryKey: staffKeys.conversation(propertyId, conversationId),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}', { params: { path } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: staffKeys.concierge(propertyId) });
  const unread = detail.data?.staffUnread ?? 0;
  const log = useStickToBottom<HTMLOListElement>(detail.data?.messages.length);
  // Open means read: the list's unread count for this chat goes back to zero.
  useEffect(() => {
    if (unread > 0) void unwrap(api.POST('/api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}/read', { params: { path } })).then(refresh);
  }, [unread, conversationId]);

  const handOver = useMutation({
    mutationFn: (action: 'takeover' | 'give-back') =>
      action === 'takeover'
        ? unwrap(api.POST('/api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}/takeover', { params: { path } }))
        : unwrap(api.POST('/api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}/give-back', { params: { path } })),
    onSuccess: refresh,
  });

  return (
    <QueryState query={detail}>
      {(data) => (
        <>
          <h2>
            {guestName(data)} · {t.inbox.room(data.stay.room)}
          </h2>
          <p>
            {data.stay.confirmationNumber} <span className="badge">{t.inbox.status[data.status]}</span> <MoodBadge mood={data.mood} />
          </p>
          {data.handoffReason && data.status === 'waiting_for_person' && <p className="hint">{t.inbox.handoffReason(data.handoffReason)}</p>}
          <p className="hint">{t.inbox.spent(data.aiMessages, formatMicroUsd(data.costMicroUsd))}</p>
          <div className="actions">
            {data.status === 'with_person' ? (
              <Button type="button" className="button secondary" busy={handOver.isPending} busyLabel={t.inbox.givingBack} onClick={() => handOver.mutate('give-back')}>
                {t.inbox.giveBack}
              </Button>
            ) : (
              <Button type="button" busy={handOver.isPending} busyLabel={t.inbox.takingOver} onClick={() => handOver.mutate('takeover')}>
                {t.inbox.takeOver}
              </Button>
            )}
          </div>
          {handOver.error && <ErrorAlert error={handOver.error} />}
          <ol className="chat-log" aria-label={t.inbox.stayChat} ref={log}>
            {data.messages.map((message) => (
              <MessageItem key={message.id} message={message} conversationId={conversationId} onDecided={refresh} />
            ))}
          </ol>
          {data.proposals.length > 0 && (
            <>
              <h3>{t.inbox.proposals}</h3>
              <ul>
                {data.proposals.map((proposal) => (
                  <li key={proposal.id}>{proposal.summary}</li>
                ))}
              </ul>
            </>
          )}
          <ReplyForm conversation={data} onSent={refresh} />
        </>
      )}
    </QueryState>
  );
}

/** One message with what staff need to judge it: sentiment, sources, tools and cost; a draft with its send/edit/discard. */
function MessageItem({ message, conversationId, onDecided }: { message: StaffMessage; conversationId: string; onDecided: () => unknown }) {
  const details = [
    message.sentiment && t.inbox.sentiment(message.sentiment.score, message.sentiment.label),
    message.sources.length > 0 && t.inbox.sources(message.sources),
    message.toolCalls.length > 0 && t.inbox.tools(message.toolCalls.map((call) => call.name)),
    message.usage && t.inbox.usage(message.usage.model, message.usage.promptTokens + message.usage.completionTokens, formatMicroUsd(message.usage.costMicroUsd)),
  ].filter(Boolean);
  return (
    <li className={`chat-message ${message.author} ${message.state}`} data-author={message.author} data-state={message.state}>
      <span className="who">
        {message.staff?.name ?? t.inbox.authors[message.author]}
        {message.state === 'draft' && ` · ${t.inbox.draft}`}
        {message.state === 'discarded' && ` · ${t.inbox.discarded}`}
      </span>
      <span className="text">{message.text}</span>
      <span className="when">{[formatDateTime(message.createdAt), ...details].join(' · ')}</span>
      {message.state === 'draft' && <DraftActions message={message} conversationId={conversationId} onDecided={onDecided} />}
    </li>
  );
}

function DraftActions({ message, conversationId, onDecided }: { message: StaffMessage; conversationId: string; onDecided: () => unknown }) {
  const { propertyId } = useStaff();
  const [edited, setEdited] = useState<string | undefined>();
  const decide = useMutation({
    mutationFn: (body: { action: 'approve'; text?: string } | { action: 'discard' }) =>
      unwrap(
        api.POST('/api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}/drafts/{messageId}', {
          params: { path: { propertyId, conversationId, messageId: message.id } },
          body,
        }),
      ),
    onSuccess: onDecided,
  });
  return (
    <>
      {edited !== undefined && <TextAreaField label={t.inbox.editDraft} name="draft" rows={3} value={edited} onChange={(event) => setEdited(event.target.value)} />}
      {decide.error && <ErrorAlert error={decide.error} />}
      <div className="actions">
        <Button type="button" disabled={decide.isPending || edited?.trim() === ''} onClick={() => decide.mutate(edited === undefined ? { action: 'approve' } : { action: 'approve', text: edited })}>
          {edited === undefined ? t.inbox.approve : t.inbox.approveEdited}
        </Button>
        {edited === undefined && (
          <Button type="button" className="button secondary" onClick={() => setEdited(message.text)}>
            {t.inbox.editDraft}
          </Button>
        )}
        <Button type="button" className="button secondary" disabled={decide.isPending} onClick={() => decide.mutate({ action: 'discard' })}>
          {t.inbox.discard}
        </Button>
      </div>
    </>
  );
}

function ReplyForm({ conversation, onSent }: { conversation: Detail; onSent: () => unknown }) {
  const { propertyId } = useStaff();
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}/messages', {
          params: { path: { propertyId, conversationId: conversation.id } },
          body: { text },
        }),
      ),
    onSuccess: () => {
      setText('');
      return onSent();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) send.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      {send.error && <ErrorAlert error={send.error} />}
      <TextAreaField label={t.inbox.reply} name="reply" rows={3} maxLength={2000} value={text} onChange={(event) => setText(event.target.value)} />
      {conversation.status !== 'with_person' && <p className="hint">{t.inbox.replyHint}</p>}
      <Button busy={send.isPending} busyLabel={t.inbox.sending} disabled={!text.trim()}>
        {t.inbox.send}
      </Button>
    </form>
  );
}
