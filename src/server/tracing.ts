import { getCurrentOtelContext, useOpenTelemetry } from '@envelop/opentelemetry';
import { context, SpanKind, trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config';

export const serviceName = 'gaza-negotiations-graphql';

/** The span attribute that names the request (the x-request-id logs and client errors carry too). */
export const requestIdAttribute = 'http.request.id';

export interface Tracing {
  /** Makes the database spans (src/db/tracing.ts). */
  tracer: Tracer;
  /** Operation spans (Envelop's OpenTelemetry plugin) and the request id on each. */
  // Plugin<any>: the OpenTelemetry plugin is typed for its own context shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugins: Plugin<any>[];
  /** Sends what is still buffered; the provider is the caller's when it was handed in. */
  close(): Promise<void>;
}

/**
 * OpenTelemetry traces: one span per GraphQL operation, over HTTP, SSE and graphql-ws alike, with the
 * database statements it ran as children. Off unless OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set (or a
 * test hands in its own provider): then nothing at all is installed, no plugin, no context manager, no
 * wrapped driver, so the benchmark does not move.
 */
export function startTracing(config: Pick<Config, 'tracing'>, provided?: TracerProvider): Tracing | null {
  if (!provided && !config.tracing) return null;
  // Spans find their parent through the async context: the operation's span is active while it resolves.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const owned = provided
    ? null
    : new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': serviceName }),
        spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracing!.otlpUrl }))],
      });
  const provider = provided ?? owned!;
  return {
    tracer: provider.getTracer(serviceName),
    plugins: [
      // Variables and results stay out of spans (they may hold what a caller would not want exported);
      // the document only when it has no inline arguments.
      useOpenTelemetry(
        { resolvers: false, variables: false, result: false },
        provider,
        SpanKind.SERVER,
        {},
        serviceName,
      ),
      useRequestIdOnSpans(),
    ],
    close: async () => {
      await owned?.shutdown();
    },
  };
}

/** Puts the request id on the operation's span, which the plugin before this one has just started. */
function useRequestIdOnSpans(): Plugin<{ requestId?: string }> {
  const mark = (contextValue: { requestId?: string }) => {
    const span = trace.getSpan(getCurrentOtelContext(contextValue));
    if (span && contextValue.requestId) span.setAttribute(requestIdAttribute, contextValue.requestId);
  };
  return {
    onExecute: ({ args }) => mark(args.contextValue),
    onSubscribe: ({ args }) => mark(args.contextValue),
  };
}
