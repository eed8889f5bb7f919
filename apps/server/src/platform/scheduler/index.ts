// The scheduler's public face.
export {
  createScheduler,
  registerPeriodicJob,
  type PeriodicJob,
  type Scheduler,
  type SchedulerOptions,
  type TickReport,
} from './scheduler.ts';
