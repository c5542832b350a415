import { AE_GRADES, AeTable, AeTableRow } from './ae-tables';
import { AeListingRow, ReportModel } from './build-report';
import { html, Html, Interpolated } from './html';

/**
 * The report as one self-contained HTML page: inline print CSS, no script, no external resource (no
 * network, no CDN). Only values of the model are printed, every one escaped; nothing from the wall clock,
 * so the same model gives the same bytes.
 */
export function renderReport(model: ReportModel): string {
  const { request } = model;
  const closed = request.version === 'closed';
  const label = closed ? 'CLOSED report — unblinded, for the DSMB only' : 'OPEN report — blinded';
  const title = `DSMB meeting report: ${request.trialId} — data cut-off ${request.cutoff}`;
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />
        <title>${title}</title>
        <style>
          ${new Html(CSS)}
        </style>
      </head>
      <body>
        <header>
          <p class="version ${request.version}">${label}</p>
          <h1>DSMB meeting report</h1>
          <dl class="facts">
            <dt>Trial</dt>
            <dd>${request.trialId}${model.trialTitle ? html` — ${model.trialTitle}` : ''}</dd>
            <dt>Data cut-off</dt>
            <dd id="cutoff">${request.cutoff}</dd>
            <dt>Store position</dt>
            <dd id="position">${request.position}</dd>
            ${
              request.previousPosition !== undefined
                ? html`<dt>Previous issue position</dt>
                    <dd>${request.previousPosition}</dd>`
                : ''
            }
            <dt>Contents</dt>
            <dd>events whose time is at or before the cut-off, recorded at or before the store position</dd>
            <dt>Related</dt>
            <dd>causality at or above "${model.relatedThreshold}" (investigator or sponsor)</dd>
          </dl>
        </header>
        ${section('Enrolment and exposure', enrolment(model, closed))}
        ${section(
          'Adverse events by SOC and PT, worst grade and relatedness',
          model.aeTables.map((t) => aeTableHtml(t.table, t.arm)),
        )}
        ${section('Serious adverse events', aeListing(model.saes, closed, 'No serious adverse events.'))}
        ${section('Deaths', aeListing(model.deaths, closed, 'No deaths.'))}
        ${section('Lab abnormalities (CTCAE v5.0 grade 3 or higher)', labs(model, closed))} ${section("Hy's law", hysLaw(model, closed))}
        ${section('Visit deviations', deviations(model))} ${section('Stopping rules', stoppingRules(model))}
        ${section('Alerts and how they were handled', alerts(model, closed))} ${section('What changed', changes(model))}
        <footer>
          Vigil DSMB report · ${request.trialId} · cut-off ${request.cutoff} · position ${request.position} · ${request.version}
        </footer>
      </body>
    </html> `;
  return page.markup;
}

const CSS = `
@page { size: A4 landscape; margin: 14mm 12mm; }
body { font: 10pt/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; margin: 0; }
h1 { font-size: 18pt; margin: 0 0 6pt; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; border-bottom: 1px solid #444; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; page-break-after: avoid; }
.version { font-weight: bold; padding: 3pt 6pt; display: inline-block; border: 2px solid #111; }
.version.closed { background: #fde2e2; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2pt 12pt; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
section { break-inside: auto; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; }
td.id { white-space: nowrap; }
tr.soc td { font-weight: bold; background: #f6f6f6; }
tr.total td { font-weight: bold; }
tr.pt td:first-child { padding-left: 14pt; }
p.none { font-style: italic; }
footer { margin-top: 16pt; font-size: 8pt; color: #555; border-top: 1px solid #999; }
@media print { section.major { break-before: auto; } }
`;

function section(title: string, body: Interpolated): Html {
  return html`<section class="major">
    <h2>${title}</h2>
    ${body}
  </section>`;
}

function table(headers: readonly string[], rows: readonly Html[], empty: string): Html {
  if (rows.length === 0) return html`<p class="none">${empty}</p>`;
  return html`<table>
    <thead>
      <tr>
        ${headers.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

const num = (n: number) => html`<td class="n">${n}</td>`;

function enrolment(model: ReportModel, closed: boolean): Html {
  const headers = [
    ...(closed ? ['Arm'] : []),
    'Enrolled',
    'Treated',
    'Withdrawn',
    'Visits completed',
    'Follow-up days (treatment to last visit)',
  ];
  const rows = model.enrolment.map(
    (r) =>
      html`<tr${r.arm === undefined ? new Html(' class="total"') : ''}>${closed ? html`<td>${r.arm ?? 'All arms'}</td>` : ''}${num(r.enrolled)}${num(r.treated)}${num(r.withdrawn)}${num(r.visitsCompleted)}${num(r.followUpDays)}</tr>`,
  );
  return table(headers, rows, 'No subjects.');
}

function aeTableHtml(t: AeTable, arm: string | undefined): Html {
  const heading = arm === undefined ? `All subjects (N = ${t.enrolled})` : `Arm: ${arm} (N = ${t.enrolled})`;
  const headers = ['SOC / PT', 'Subjects', 'AEs', ...AE_GRADES.map((g) => `Worst grade ${g}`), 'Related', 'Not related', 'Serious'];
  const row = (r: AeTableRow, cls: string, name: string) =>
    html`<tr class="${cls}">
      <td>${name}</td>
      ${num(r.subjects)}${num(r.events)}${r.worstGrade.map(num)}${num(r.related)}${num(r.notRelated)}${num(r.serious)}
    </tr>`;
  const rows = t.rows.length
    ? [...t.rows.map((r) => (r.pt === undefined ? row(r, 'soc', r.soc) : row(r, 'pt', r.pt))), row(t.total, 'total', 'All AEs')]
    : [];
  return html`<h3>${heading}</h3>
    ${table(headers, rows, 'No adverse events.')}
    <p class="note">Subjects are counted once per row, at their worst grade; AEs by relatedness and seriousness.</p>`;
}

function aeListing(rows: readonly AeListingRow[], closed: boolean, empty: string): Html {
  const headers = [
    'Subject',
    ...(closed ? ['Arm'] : []),
    'AE',
    'Verbatim term',
    'PT',
    'SOC',
    'Onset',
    'Grade',
    'Serious criteria',
    'Causality',
    'Outcome',
  ];
  return table(
    headers,
    rows.map(
      (r) =>
        html`<tr>
          <td class="id">${r.subjectId}</td>
          ${closed ? html`<td class="id">${r.arm}</td>` : ''}
          <td class="id">${r.aeId} v${r.version}</td>
          <td>${r.term}</td>
          <td>${r.pt}</td>
          <td>${r.soc}</td>
          <td class="id">${r.onsetDate}</td>
          ${num(r.grade)}
          <td>${r.seriousCriteria.join(', ')}</td>
          <td>${r.causality}</td>
          <td>${r.outcome}</td>
        </tr>`,
    ),
    empty,
  );
}

function labs(model: ReportModel, closed: boolean): Html {
  const headers = ['Subject', ...(closed ? ['Arm'] : []), 'Visit', 'Date', 'Test', 'Grade', 'Basis'];
  return table(
    headers,
    model.labAbnormalities.map(
      (r) =>
        html`<tr>
          <td class="id">${r.subjectId}</td>
          ${closed ? html`<td class="id">${r.arm}</td>` : ''}
          <td class="id">${r.visitCode}</td>
          <td class="id">${r.visitDate}</td>
          <td>${r.test}</td>
          ${num(r.grade)}
          <td>${r.basis}</td>
        </tr>`,
    ),
    'No lab value of grade 3 or higher.',
  );
}

function hysLaw(model: ReportModel, closed: boolean): Html {
  const headers = ['Subject', ...(closed ? ['Arm'] : []), 'Visit', 'Date', 'Finding'];
  return table(
    headers,
    model.hysLaw.map(
      (r) =>
        html`<tr>
          <td class="id">${r.subjectId}</td>
          ${closed ? html`<td class="id">${r.arm}</td>` : ''}
          <td class="id">${r.visitCode}</td>
          <td class="id">${r.visitDate}</td>
          <td>${r.basis}</td>
        </tr>`,
    ),
    "No subject meets Hy's law (ALT or AST > 3 × ULN and total bilirubin > 2 × ULN in one visit).",
  );
}

function deviations(model: ReportModel): Html {
  return table(
    ['Subject', 'Visit', 'Deviation', 'Detail', 'Alert status'],
    model.visitDeviations.map(
      (r) =>
        html`<tr>
          <td class="id">${r.subjectId}</td>
          <td class="id">${r.visitCode}</td>
          <td>${r.reason}</td>
          <td>${r.detail}</td>
          <td>${r.status}</td>
        </tr>`,
    ),
    'No visit deviations.',
  );
}

function stoppingRules(model: ReportModel): Html {
  return table(
    ['Rule', 'Description', 'Subjects', 'Threshold', 'Status', 'Recommendation'],
    model.stoppingRules.map(
      (r) =>
        html`<tr>
          <td>${r.ruleId}</td>
          <td>${r.description}</td>
          ${num(r.count)}${num(r.threshold)}
          <td>${r.status}</td>
          <td>${r.recommendation ?? ''}</td>
        </tr>`,
    ),
    'The protocol declares no stopping rules.',
  );
}

function alerts(model: ReportModel, closed: boolean): Html {
  const rows = model.alerts.map((a) => {
    const history = a.history.map(
      (h) =>
        html`<li>
          ${h.at} ${h.change}${h.by ? html` by ${h.by}${h.role ? html` (${h.role})` : ''}` : ''}${h.comment ? html`: “${h.comment}”` : ''}
        </li>`,
    );
    return html`<tr>
      <td>${a.title}<br /><small>${a.alertId}</small></td>
      <td>${a.kind}</td>
      <td class="id">${a.subjectId ?? ''}</td>
      <td>${a.severity}</td>
      <td>${a.status}</td>
      <td class="id">${a.raisedAt}</td>
      <td>
        <ul>
          ${history}
        </ul>
      </td>
    </tr>`;
  });
  const note = closed
    ? html`<p class="note">Comments of every role are shown (closed version).</p>`
    : html`<p class="note">DSMB comments are not shown in the open version; who acted and when are.</p>`;
  return html`${table(['Alert', 'Kind', 'Subject', 'Severity', 'Status', 'Raised', 'History (who, when, comment)'], rows, 'No alerts.')}${note}`;
}

function changes(model: ReportModel): Html {
  const basis =
    'previousPosition' in model.changesBasis
      ? `Events dated at or before the cut-off and recorded after the previous issue's position ${model.changesBasis.previousPosition}.`
      : 'Events dated at or before the cut-off but recorded after it (late data).';
  return html`<p>${basis}</p>
    ${table(
      ['Position', 'Event time', 'Recorded', 'Subject', 'Event', 'What'],
      model.changes.map(
        (c) =>
          html`<tr>
            <td class="n">${c.globalPosition}</td>
            <td class="id">${c.eventTime}</td>
            <td class="id">${c.recordedAt}</td>
            <td class="id">${c.subjectId ?? ''}</td>
            <td>${c.type}</td>
            <td>${c.description}</td>
          </tr>`,
      ),
      'Nothing changed.',
    )}`;
}
