// Routing a report (a point, a category, maybe a component): grid → region, category →
// responsible department, urgency → step limits. The case intake calls this before it starts
// the workflow.
import type { CategoryView, GridLookupResult, StepLimits, Urgency } from '@citygov/contracts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import {
  getCachedCategory,
  resolveResponsibleDepartment,
  type ResponsibleDepartment,
} from './categories.ts';
import { findComponent } from './components.ts';
import { lookupGrid } from './grids.ts';

export interface RoutingInput {
  categoryCode: string;
  /** Required unless a component is named (its location is used then). */
  location?: { lat: number; lon: number };
  componentId?: string;
  urgency?: Urgency;
  /** Metres; the module setting when omitted. */
  toleranceM?: number;
}

/** Where a report goes, short of its department (the intake resolves that as it writes). */
export interface CaseRoute {
  category: CategoryView;
  grid: GridLookupResult;
  /** The grid's district: the case's region_code. */
  regionCode: string;
  /** The reported point, or the named component's. */
  location: { lat: number; lon: number };
  componentId: string | null;
  urgency: Urgency;
  stepLimits: StepLimits;
}

export interface CaseRouting extends CaseRoute {
  /** Null when no department is known for the category yet: the dispatcher picks one. */
  department: ResponsibleDepartment | null;
}

/**
 * Resolves the grid, district, class and limits of a report from memory (the grid index and
 * the cached classification) and, for a component, its row; validation_failed naming the
 * field when it cannot be routed. Pass the root database handle.
 */
export async function resolveCaseRoute(db: Db, input: RoutingInput): Promise<CaseRoute> {
  const category = await getCachedCategory(db, input.categoryCode).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') {
      throw invalid('categoryCode', `categoryCode ${input.categoryCode} is not a known category`);
    }
    throw error;
  });
  if (!category.isActive) {
    throw invalid(
      'categoryCode',
      `category ${category.code} (${category.nameZh}) is no longer in use`,
    );
  }
  let location = input.location;
  if (input.componentId !== undefined) {
    const component = await findComponent(db, input.componentId);
    if (!component)
      throw invalid('componentId', `componentId ${input.componentId} is not a known component`);
    // A component report names a component of its own class; an event may name any component.
    if (category.kind === 'component' && component.categoryCode !== category.code) {
      throw invalid(
        'componentId',
        `component ${component.id} is a ${component.categoryNameZh} (${component.categoryCode}), not ${category.nameZh} (${category.code})`,
      );
    }
    location ??= { lat: component.lat, lon: component.lon };
  }
  if (!location) throw invalid('location', 'location is required unless a component is named');
  const grid = await lookupGrid(db, location, {
    field: 'location',
    ...(input.toleranceM !== undefined && { toleranceM: input.toleranceM }),
  });
  const urgency = input.urgency ?? category.limits.defaultUrgency;
  const stepLimits = category.limits.urgencies[urgency];
  if (!stepLimits) {
    const allowed = Object.keys(category.limits.urgencies).join(', ');
    throw invalid(
      'urgency',
      `urgency ${urgency} is not used by ${category.nameZh}; use one of ${allowed}`,
    );
  }
  return {
    category,
    grid,
    regionCode: grid.grid.regionCode,
    location,
    componentId: input.componentId ?? null,
    urgency,
    stepLimits,
  };
}

/** Resolves where a report goes, its department included. */
export async function resolveCaseRouting(db: Db, input: RoutingInput): Promise<CaseRouting> {
  const route = await resolveCaseRoute(db, input);
  return {
    ...route,
    department: await resolveResponsibleDepartment(db, route.category.code, route.regionCode),
  };
}
