import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildDsmbReport, REPORT_VERSIONS, renderPdf, ReportVersion } from '@vigil/dsmb-report';
import { createDataSource, loadConfig, loadProtocols } from '@vigil/platform';
import { CliCommand, UsageError } from '../cli-command';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The same report as `GET /api/trials/{t}/dsmb-report` (libs/dsmb-report), read straight from the store. */
export const dsmbReportCommand: CliCommand = {
  name: 'dsmb-report',
  summary: 'Write the DSMB meeting report of a trial at a data cut-off (closed: unblinded; open: blinded), HTML or PDF',
  usage:
    'Usage: vigil dsmb-report --trial <trialId> --cutoff <ISO time> --version closed|open [--format html|pdf] [--out <file>]\n' +
    '         [--position <store position>] [--previous-position <earlier issue position>]',
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        trial: { type: 'string' },
        cutoff: { type: 'string' },
        version: { type: 'string' },
        format: { type: 'string', default: 'html' },
        out: { type: 'string' },
        position: { type: 'string' },
        'previous-position': { type: 'string' },
      },
    });
    const { trial, cutoff, version, format } = values;
    if (!trial) throw new UsageError('--trial is required');
    if (!cutoff || !ISO_WITH_OFFSET.test(cutoff) || Number.isNaN(Date.parse(cutoff)))
      throw new UsageError('--cutoff must be an ISO 8601 time with offset, e.g. 2021-03-01T00:00:00Z');
    if (!REPORT_VERSIONS.includes(version as ReportVersion)) throw new UsageError('--version must be closed or open');
    if (format !== 'html' && format !== 'pdf') throw new UsageError('--format must be html or pdf');
    for (const name of ['position', 'previous-position'] as const)
      if (values[name] !== undefined && !/^\d{1,19}$/.test(values[name]!))
        throw new UsageError(`--${name} must be a store position (an integer)`);
    if (format === 'pdf' && !values.out) throw new UsageError('--format pdf needs --out <file>');

    const config = loadConfig();
    const dataSource = createDataSource(config.databaseUrl, 1, config.database);
    await dataSource.initialize();
    try {
      const { html, model } = await buildDsmbReport(dataSource, {
        trialId: trial,
        cutoff,
        version: version as ReportVersion,
        ...(values.position !== undefined ? { position: values.position } : {}),
        ...(values['previous-position'] !== undefined ? { previousPosition: values['previous-position'] } : {}),
        protocol: loadProtocols(config.protocolsDir).get(trial),
      });
      const body = format === 'pdf' ? await renderPdf(html) : html;
      if (values.out) {
        await writeFile(values.out, body);
        console.error(
          `vigil: ${version} DSMB report of ${trial} at cut-off ${model.request.cutoff}, position ${model.request.position}: ${values.out}`,
        );
      } else process.stdout.write(body);
      return 0;
    } finally {
      await dataSource.destroy();
    }
  },
};
