/** The mailbox page: the list from /api/messages, the selected message's HTML in a sandboxed frame. */
export const mailboxPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Innkeeper mailbox (SMTP sink)</title>
<style>
body{margin:0;font-family:system-ui,sans-serif;display:grid;grid-template-columns:380px 1fr;height:100vh}
#list{overflow:auto;border-right:1px solid #ddd}
#list div{padding:10px 14px;border-bottom:1px solid #eee;cursor:pointer}
#list div:hover,#list div.on{background:#eef4fb}
small{color:#666;display:block}.dup{color:#b00}
header{padding:10px 14px;background:#1f4e79;color:#fff}
#view{display:flex;flex-direction:column}#meta{padding:10px 14px;border-bottom:1px solid #ddd;font-size:14px}
iframe{border:0;flex:1;width:100%}
</style></head>
<body><div id="list"><header>Mailbox <button id="clear">Empty</button></header></div>
<div id="view"><div id="meta">Select a message. New mail appears every 2 s.</div><iframe id="frame" sandbox></iframe></div>
<script>
const list = document.getElementById('list');
let selected = null;
const text = (value) => { const span = document.createElement('span'); span.textContent = value ?? ''; return span; };
async function refresh() {
  const { messages } = await (await fetch('/api/messages')).json();
  list.querySelectorAll('div').forEach((node) => node.remove());
  for (const m of messages) {
    const row = document.createElement('div');
    if (m.id === selected) row.className = 'on';
    row.append(text(m.subject || '(no subject)'));
    const meta = document.createElement('small');
    meta.append(text((m.to || []).join(', ') + ' · ' + new Date(m.receivedAt).toLocaleString()));
    if (m.duplicateOf) { const dup = document.createElement('span'); dup.className = 'dup'; dup.textContent = ' · repeat of #' + m.duplicateOf; meta.append(dup); }
    row.append(meta);
    row.onclick = () => show(m);
    list.append(row);
  }
}
function show(m) {
  selected = m.id;
  const meta = document.getElementById('meta');
  meta.replaceChildren(text('From ' + m.from + ' to ' + (m.to || []).join(', ') + ' · ' + (m.subject || '') + ' · Message-ID ' + m.messageId + ' · language ' + (m.language || '?')));
  document.getElementById('frame').src = '/api/messages/' + m.id + '/html';
  refresh();
}
document.getElementById('clear').onclick = async () => { await fetch('/api/messages', { method: 'DELETE' }); selected = null; refresh(); };
refresh();
setInterval(refresh, 2000);
</script></body></html>`;
