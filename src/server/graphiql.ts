// Example tabs GraphiQL opens with; each works on the seed data.
const witkoffMeetings = /* GraphQL */ `# Which meetings did Steve Witkoff take part in, with whom, in what role,
# and which article says so, quoting it?
query WitkoffMeetings {
  actor(slug: "steve-witkoff") {
    name
    nameAr
    meetings(first: 10) {
      totalCount
      edges {
        role
        node {
          title
          occurredAt
          occurredAtPrecision
          city
          status
          participants { role actor { name nameAr kind } }
          evidence { quote article { url title } }
        }
      }
    }
  }
}`;

const proposalStances = /* GraphQL */ `# Proposals on the table, who proposed them, where each actor stands, and the quotes behind it.
query ProposalsWithStances {
  proposals(first: 10) {
    totalCount
    edges {
      node {
        title
        status
        tabledAt
        proposers { name }
        terms { position text }
        stances { actor { name } stance asOf evidence { quote } }
        versions { title status }
        evidence { quote startOffset endOffset article { url } }
      }
    }
  }
}`;

const liveFeed = /* GraphQL */ `# New developments as they are recorded. Pass the cursor of the last one you saw
# as "after" to resume without gaps or duplicates.
subscription LiveDevelopments {
  developments {
    cursor
    sequence
    change
    kind
    summary
    occurredAt
    reportedAt
    actors { name }
    meeting { title }
    proposal { title }
    evidence { quote article { url } }
  }
}`;

const latest = /* GraphQL */ `# The latest 20 entries of the log, for a ticker that just opened.
query LatestDevelopments {
  developments(last: 20) {
    totalCount
    edges { cursor node { sequence kind summary reportedAt actors { name } } }
  }
}`;

export const graphiqlTabs = [{ query: witkoffMeetings }, { query: proposalStances }, { query: latest }, { query: liveFeed }];
