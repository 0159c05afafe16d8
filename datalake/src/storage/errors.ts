// Errors of the Storage Read API as gRPC statuses with BigQuery's wording; an
// HTTP-like status (a BigQueryError's, a fault rule's) maps to its gRPC code.
import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { Metadata } from '@grpc/grpc-js';
import { BigQueryError } from '../bigquery/errors.js';

export class StorageError extends Error {
  constructor(
    readonly code: GrpcStatus,
    message: string,
  ) {
    super(message);
  }
}

const CODE_OF_HTTP: Readonly<Record<number, GrpcStatus>> = {
  400: GrpcStatus.INVALID_ARGUMENT,
  401: GrpcStatus.UNAUTHENTICATED,
  403: GrpcStatus.PERMISSION_DENIED,
  404: GrpcStatus.NOT_FOUND,
  409: GrpcStatus.ABORTED,
  412: GrpcStatus.FAILED_PRECONDITION,
  416: GrpcStatus.OUT_OF_RANGE,
  429: GrpcStatus.RESOURCE_EXHAUSTED,
  499: GrpcStatus.CANCELLED,
  500: GrpcStatus.INTERNAL,
  501: GrpcStatus.UNIMPLEMENTED,
  503: GrpcStatus.UNAVAILABLE,
  504: GrpcStatus.DEADLINE_EXCEEDED,
};

/** The gRPC code of an HTTP status; other 4xx are INVALID_ARGUMENT, other 5xx INTERNAL. */
export function grpcCode(httpStatus: number): GrpcStatus {
  return CODE_OF_HTTP[httpStatus] ?? (httpStatus < 500 ? GrpcStatus.INVALID_ARGUMENT : GrpcStatus.INTERNAL);
}

export const invalidArgument = (message: string): StorageError => new StorageError(GrpcStatus.INVALID_ARGUMENT, message);

/** Any error as the status sent: ours as they are, BigQuery's by their HTTP code, anything else an opaque INTERNAL (never its text: DuckDB's names paths). */
export function toServiceError(e: unknown): Partial<ServiceError> {
  let code = GrpcStatus.INTERNAL;
  let details = 'An internal error occurred and the request could not be completed.';
  if (e instanceof StorageError) {
    code = e.code;
    details = e.message;
  } else if (e instanceof BigQueryError) {
    code = grpcCode(e.code);
    details = e.message;
  }
  return { code, details, metadata: new Metadata() };
}
