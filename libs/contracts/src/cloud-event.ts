/** CloudEvents 1.0, structured JSON mode, with Vigil's `trialid` extension (SPEC §2). */
export interface CloudEvent<TType extends string = string, TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: TType;
  subject?: string;
  time: string;
  datacontenttype?: string;
  trialid?: string;
  data: TData;
}
