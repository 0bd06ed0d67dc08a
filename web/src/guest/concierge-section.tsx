import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { formatDateTime } from '../lib/format';
import { useStickToBottom } from '../lib/stick-to-bottom';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button, TextAreaField } from '../ui/form';
import { settleStreamed, useStreamedAnswers } from './concierge-stream';
import { useGuest } from './i18n';
import { guestKeys } from './queries';

type Conversation = components['schemas']['ConciergeGuestConversation'];
type Proposal = components['schemas']['ConciergeProposal'];

/**
 * A message id for the API's retry check. Letters only: the API refuses a long run of digits as
 * a card number, and random hex has one often enough (13 digits in a row in about 4% of 32-char keys).
 */
function newClientMessageId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(24)), (byte) => String.fromCharCode(97 + (byte % 26))).join('');
}

/** The cap answer (429) that offers the guest a person instead. */
const offersPerson = (error: unknown) =>
  error instanceof ApiError && error.status === 429 && (error.details as { offerPerson?: unknown } | undefined)?.offerPerson === true;

/** The chat with the concierge (or the hotel's team): answers stream in over the stay's event stream. */
export function ConciergeSection() {
  const { m } = useGuest();
  const conversation = useQuery({ queryKey: guestKeys.concierge, queryFn: () => unwrap(api.GET('/api/v1/stay/concierge')) });
  return (
    <section className="card chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">{m.chat.title}</h2>
      <QueryState query={conversation}>{(data) => <Chat conversation={data} />}</QueryState>
    </section>
  );
}

function Chat({ conversation }: { conversation: Conversation }) {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  const streamed = useStreamedAnswers();
  const [text, setText] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: guestKeys.concierge });

  const storedIds = conversation.messages.map((message) => message.id);
  useEffect(() => settleStreamed(storedIds), [storedIds.join()]);
  // Seen here means read: the hotel's unread count for the guest goes back to zero.
  useEffect(() => {
    if (conversation.guestUnread > 0) void api.POST('/api/v1/stay/concierge/read');
  }, [conversation.guestUnread]);

  const send = useMutation({
    mutationFn: (body: { text: string; clientMessageId: string }) => unwrap(api.POST('/api/v1/stay/concierge/messages', { body })),
    onSuccess: () => {
      setText('');
      return refresh();
    },
  });
  const person = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/stay/concierge/person')),
    onSuccess: (answer) => {
      queryClient.setQueryData(guestKeys.concierge, answer);
      send.reset();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) send.mutate({ text, clientMessageId: newClientMessageId() });
  };

  const pending = [...streamed].filter(([id]) => !storedIds.includes(id));
  const capReached = offersPerson(send.error);
  const log = useStickToBottom<HTMLOListElement>(`${storedIds.length}:${send.isPending}:${pending.map(([, answer]) => answer.length).join()}`);
  return (
    <>
      <p>{conversation.mode === 'off' ? m.chat.teamIntro : m.chat.intro}</p>
      <ChatStatus conversation={conversation} />
      {conversation.messages.length === 0 && pending.length === 0 && !send.isPending ? (
        <p className="muted">{m.chat.empty}</p>
      ) : (
        <ol className="chat-log" aria-label={m.chat.log} aria-live="polite" ref={log}>
          {conversation.messages.map((message) => (
            <li key={message.id} className={`chat-message ${message.author}`} data-author={message.author}>
              {message.author !== 'system' && <span className="who">{m.chat.authors[message.author]}</span>}
              <span className="text">{message.text}</span>
              <span className="when">{formatDateTime(message.createdAt as string, m.locale)}</span>
            </li>
          ))}
          {send.isPending && (
            <li className="chat-message guest" data-author="guest" aria-busy="true">
              <span className="who">{m.chat.authors.guest}</span>
              <span className="text">{send.variables.text}</span>
            </li>
          )}
          {pending.map(([id, answer]) => (
            <li key={id} className="chat-message ai" data-author="ai" aria-busy="true">
              <span className="who">{m.chat.authors.ai}</span>
              <span className="text">{answer}</span>
            </li>
          ))}
        </ol>
      )}
      {conversation.proposals.map((proposal) => (
        <ProposalCard key={proposal.id} proposal={proposal} onDecided={refresh} />
      ))}
      {capReached ? (
        <Alert kind="warning">
          <p>{m.chat.capReached}</p>
          <Button type="button" busy={person.isPending} busyLabel={m.chat.askingPerson} onClick={() => person.mutate()}>
            {m.chat.askPerson}
          </Button>
        </Alert>
      ) : (
        send.error && <ErrorAlert error={send.error} />
      )}
      {person.error && <ErrorAlert error={person.error} />}
      <form onSubmit={submit} noValidate>
        <TextAreaField label={m.chat.message} name="chat-message" rows={2} maxLength={2000} value={text} onChange={(event) => setText(event.target.value)} />
        <div className="actions">
          <Button busy={send.isPending} busyLabel={m.chat.sending} disabled={!text.trim()}>
            {m.chat.send}
          </Button>
          {conversation.status === 'ai' && conversation.mode !== 'off' && !capReached && (
            <Button type="button" className="button secondary" busy={person.isPending} busyLabel={m.chat.askingPerson} onClick={() => person.mutate()}>
              {m.chat.askPerson}
            </Button>
          )}
        </div>
      </form>
    </>
  );
}

/** Who answers now: the concierge, a person soon (or from the hotel's chat hours), or a person who has joined. */
function ChatStatus({ conversation }: { conversation: Conversation }) {
  const { m } = useGuest();
  if (conversation.status === 'with_person') {
    return (
      <Alert kind="success">
        <p>{m.chat.personJoined}</p>
      </Alert>
    );
  }
  if (conversation.status === 'waiting_for_person') {
    return <p className="hint" role="status">{conversation.personAnswersFrom ? m.chat.waitingFrom(conversation.personAnswersFrom) : m.chat.waiting}</p>;
  }
  return null;
}

/** What the concierge proposed (a late check-out): only the guest's confirmation here carries it out. */
function ProposalCard({ proposal, onDecided }: { proposal: Proposal; onDecided: () => unknown }) {
  const { m } = useGuest();
  const decide = useMutation({
    mutationFn: (decision: 'confirm' | 'decline') =>
      unwrap(api.POST('/api/v1/stay/concierge/proposals/{proposalId}', { params: { path: { proposalId: proposal.id } }, body: { decision } })),
    onSuccess: onDecided,
  });
  return (
    <div className="alert warning proposal" role="group" aria-label={m.chat.proposalTitle}>
      <p>
        <strong>{m.chat.proposalTitle}</strong> {proposal.summary}
      </p>
      {decide.error && <ErrorAlert error={decide.error} />}
      <div className="actions">
        <Button type="button" busy={decide.isPending && decide.variables === 'confirm'} busyLabel={m.saving} disabled={decide.isPending} onClick={() => decide.mutate('confirm')}>
          {m.chat.confirm}
        </Button>
        <Button type="button" className="button secondary" disabled={decide.isPending} onClick={() => decide.mutate('decline')}>
          {m.chat.decline}
        </Button>
      </div>
    </div>
  );
}
