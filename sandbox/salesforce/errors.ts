// Salesforce answers REST errors as a JSON array of {message, errorCode, fields?}; per-record
// save errors (collections, composite) use {statusCode, message, fields} instead.
export class SfError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }

  toBody(): Array<{ message: string; errorCode: string; fields?: string[] }> {
    return [
      this.fields === undefined
        ? { message: this.message, errorCode: this.errorCode }
        : { message: this.message, errorCode: this.errorCode, fields: this.fields },
    ];
  }
}

/** A save-time failure of one record: surfaces per record in collections, as a 400 on single calls. */
export class RecordError extends Error {
  constructor(
    readonly statusCode: string,
    message: string,
    readonly fields: string[] = [],
    readonly id?: string,
  ) {
    super(message);
  }

  toSaveError(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.statusCode, message: this.message, fields: this.fields };
  }

  toSfError(): SfError {
    return new SfError(400, this.statusCode, this.message, this.fields);
  }
}

export const notFound = (): SfError =>
  new SfError(404, "NOT_FOUND", "The requested resource does not exist");
