/** How a selection of a dataclass is narrowed, ordered and paged. */
export interface FourDSelection {
  filter?: string | undefined;
  orderBy?: string | undefined;
  top?: number | undefined;
  skip?: number | undefined;
}

/**
 * The selection's query parameters. `$filter` and `$orderby` travel wrapped in double quotes (4D's syntax, which
 * openapi-fetch does not add); the filter's own values are quoted by `fourDFilter`.
 */
export function selectionQuery(selection: FourDSelection): {
  $filter?: string;
  $orderby?: string;
  $top?: number;
  $skip?: number;
} {
  return {
    ...(selection.filter === undefined ? {} : { $filter: `"${selection.filter}"` }),
    ...(selection.orderBy === undefined ? {} : { $orderby: `"${selection.orderBy}"` }),
    ...(selection.top === undefined ? {} : { $top: selection.top }),
    ...(selection.skip === undefined ? {} : { $skip: selection.skip }),
  };
}
