// The doorstroom library: what `import … from 'doorstroom'` gives. The model loader, the simulator, event logs,
// the monitor, calibration and the twin, and the result writers; the CLI and (later) the server are built on exactly these.
export { DOORSTROOM_VERSION } from './version.ts';
export { loadModel, loadModelFromDocument, type LoadedModel, type ResolvedInflow } from './model/load.ts';
export { ChainModel, modelJsonSchema } from './model/schema.ts';
export { InputError, type Diagnostic, formatDiagnostic } from './core/diagnostics.ts';
export { simulate, type SimulateOptions, type SimulationResult } from './sim/run/simulate.ts';
export { aggregateReplications, type AggregateResult, type Spread } from './sim/run/aggregate.ts';
export { compileChain, type CompiledChain } from './sim/chain/compile.ts';
export { simulateReplication, type TraceSink } from './sim/chain/simulate.ts';
export type { ReplicationResult } from './sim/chain/results.ts';
export { writeSimulationFiles, summaryJson } from './results/simulation-files.ts';
export { simulationSummaryText, simulationSummaryTables } from './results/simulation-table.ts';
export {
  type TableDecl,
  type TableOutput,
  type TableData,
  type TableView,
  type Column,
  type Format,
  tableData,
  tableCsv,
  terminalTable,
} from './results/table.ts';
export { KPI_CATALOGUE, declareKpi, parseKpi, kpiKey, kpiInfo, type KpiKey } from './results/kpis.ts';
export * as forecasting from './forecast/index.ts';
export { forecastCsv, forecastJson, forecastTables, terminalChart, backtestText } from './results/forecast-files.ts';
export type { CaseEvent, Lifecycle } from './log/event.ts';
export { readEventLog, eventLogFormat, type EventLogFormat, type ReadEventLogOptions } from './log/read.ts';
export { eventLogWriter, type EventLogWriter } from './log/write.ts';
export { type EventTable, EventTableBuilder, eventTable } from './monitor/event-table.ts';
export { loadEventTable, chainForLog } from './monitor/load.ts';
export { readVisits, type LogReading } from './monitor/visits.ts';
export { monitorFigures, type MonitorResult, type MonitorOptions } from './monitor/metrics.ts';
export { calibrate, type Calibration } from './calibrate/calibrate.ts';
export { fittedModelYaml } from './calibrate/fit-model.ts';
export { validateCalibration, leadTimeSamples, type ValidationRow } from './calibrate/validate.ts';
export { fitDuration, type DurationFit } from './calibrate/fit.ts';
export { warmStart, type WarmStart, type WarmStartOptions } from './twin/warm-start.ts';
export { twinModel, type TwinModelOptions } from './twin/twin-model.ts';
export {
  twin,
  twinFrom,
  twinStart,
  type TwinOptions,
  type TwinResult,
  type TwinStart,
  type TwinStartOptions,
} from './twin/twin.ts';
export { projectTwin, type TwinProjection, type ProjectOptions } from './twin/project.ts';
export { adviseDraaiboek, type DraaiboekAdvice, type DraaiboekOptions } from './twin/draaiboek.ts';
export { writeTwinFiles, twinTables, twinJson } from './results/twin-files.ts';
export { twinReportHtml } from './report/twin-report.ts';
export type { CapacitySource, WarmStartStage, WarmStartSummary } from './twin/types.ts';
export { type InitialCaseRow, initialCasesCsv } from './model/initial-cases.ts';
export { planCapacity, type CapacityPlan, type CapacityPlanOptions, type NormTarget } from './plan/capacity.ts';
export { staffingBound, bedBound, halfinWhittBeta, poissonQuantile } from './plan/capacity-analytic.ts';
export { taakstelling, type Taakstelling } from './plan/taakstelling.ts';
export { distributionKey, type DistributionKey } from './plan/distribution-key.ts';
export { largestRemainder, largestRemainderNested } from './plan/largest-remainder.ts';
export {
  placeHouseholds,
  aggregateHouseholds,
  haversineKm,
  distanceKm,
  type Placement,
  type PlacementOptions,
  type Household,
  type Municipality as PlacementMunicipality,
  type MunicipalityOutcome,
  type Explanation,
} from './plan/placement.ts';
export {
  loadHouseholds,
  loadHousingStock,
  loadLabourDemand,
  loadCoordinates,
  municipalityCoordinates,
} from './data/placement-input.ts';
export {
  loadMunicipalities,
  loadMunicipalValues,
  type Municipality,
  type MunicipalityData,
} from './data/municipalities.ts';
export { choroplethSvg, centroids } from './report/map.ts';
export { allocationReportHtml } from './report/allocation-report.ts';
export { declaredTableHtml, outputTableHtml } from './report/table.ts';
export { htmlReport as forecastReportHtml, fanChart as forecastFanChart } from './report/forecast-report.ts';
