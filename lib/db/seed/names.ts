import "server-only";

// Word lists for believable demo data. Plain ASCII, so emails derive from names directly.

export const FIRST_NAMES = [
  "Aaliyah", "Aarav", "Abigail", "Adrian", "Aisha", "Akira", "Alejandro", "Alex", "Amara", "Amelia",
  "Ana", "Andre", "Anika", "Arjun", "Astrid", "Ayesha", "Beatriz", "Ben", "Bianca", "Brandon",
  "Camila", "Carlos", "Caroline", "Chen", "Chloe", "Daniel", "Daniela", "David", "Deepa", "Diego",
  "Dmitri", "Elena", "Eli", "Emeka", "Emily", "Emma", "Erik", "Ethan", "Fatima", "Felix",
  "Gabriel", "Grace", "Hana", "Hannah", "Hiroshi", "Ibrahim", "Ines", "Isabel", "Ivan", "Jack",
  "Jamal", "James", "Jasmine", "Javier", "Jin", "Joao", "Jonas", "Julia", "Kai", "Karan",
  "Katarzyna", "Kenji", "Kofi", "Laila", "Lars", "Laura", "Leila", "Leo", "Liam", "Lucas",
  "Lucia", "Magnus", "Malik", "Marco", "Maya", "Mei", "Mia", "Michael", "Miguel", "Mohammed",
  "Nadia", "Naomi", "Nikhil", "Nina", "Noah", "Nora", "Olivia", "Omar", "Pablo", "Priya",
  "Rafael", "Rahul", "Rania", "Ravi", "Rebecca", "Rosa", "Ryan", "Sakura", "Samir", "Sara",
  "Sebastian", "Sofia", "Sophie", "Stefan", "Sunita", "Tariq", "Thomas", "Tomas", "Valentina", "Victor",
  "Wei", "Xavier", "Yara", "Yusuf", "Zainab", "Zoe",
] as const;

export const LAST_NAMES = [
  "Abbott", "Adeyemi", "Agarwal", "Ahmed", "Alvarez", "Andersson", "Bakker", "Banerjee", "Becker", "Bennett",
  "Berg", "Brennan", "Brooks", "Castillo", "Chen", "Cho", "Costa", "Cruz", "Dahl", "Das",
  "Dubois", "Edwards", "Eriksen", "Evans", "Fernandes", "Fischer", "Fitzgerald", "Garcia", "Gomez", "Gupta",
  "Hansen", "Hayes", "Hernandez", "Hoffmann", "Horvat", "Hughes", "Ibrahim", "Ito", "Jansen", "Jensen",
  "Johansson", "Kaur", "Kim", "Kowalski", "Kumar", "Larsen", "Laurent", "Lee", "Lindqvist", "Liu",
  "Mahmoud", "Martin", "Mendes", "Meyer", "Mishra", "Moreau", "Morales", "Murphy", "Nakamura", "Nguyen",
  "Novak", "Nowak", "Okafor", "Okonkwo", "Oliveira", "Olsen", "Ortiz", "Park", "Patel", "Pereira",
  "Petrov", "Quinn", "Ramirez", "Rao", "Reyes", "Richter", "Rossi", "Russo", "Saito", "Santos",
  "Schmidt", "Schneider", "Shah", "Silva", "Singh", "Sokolov", "Suzuki", "Tanaka", "Torres", "Vargas",
  "Verma", "Vogel", "Wagner", "Walsh", "Wang", "Weber", "Williams", "Wong", "Yamamoto", "Yilmaz",
  "Young", "Zhang", "Zhou", "Zimmermann",
] as const;

export const COMPANY_WORDS = [
  "Acme", "Apex", "Arbor", "Argon", "Atlas", "Aurora", "Avalon", "Beacon", "Bedrock", "Birchwood",
  "Blue Harbor", "Bluefin", "Boulder", "Brightline", "Brookfield", "Cadence", "Canyon", "Cardinal", "Cascade", "Cedar",
  "Celestial", "Clearwater", "Cobalt", "Compass", "Copperleaf", "Crescent", "Crestview", "Cypress", "Delta", "Driftwood",
  "Eastgate", "Echo", "Elm Street", "Emerald", "Evergreen", "Falcon", "Fathom", "Fieldstone", "Firefly", "Foxglove",
  "Frontier", "Galaxy", "Garnet", "Gateway", "Glacier", "Golden Gate", "Granite", "Greenfield", "Greystone", "Harbor",
  "Harmony", "Hawthorne", "Helix", "Highland", "Horizon", "Hudson", "Ironwood", "Ivory", "Juniper", "Keystone",
  "Kingfisher", "Lakeshore", "Lantern", "Liberty", "Lighthouse", "Linden", "Lodestar", "Lumen", "Magnolia", "Maple",
  "Mariner", "Meridian", "Midway", "Monarch", "Mosaic", "Northstar", "Northwind", "Oakridge", "Obsidian", "Orbit",
  "Orchid", "Pacific", "Paragon", "Pinnacle", "Pioneer", "Polaris", "Prairie", "Prism", "Quantum", "Quarry",
  "Radiant", "Redwood", "Ridgeline", "Riverbend", "Rockport", "Sable", "Saffron", "Sapphire", "Sequoia", "Shoreline",
  "Sierra", "Silverline", "Skyline", "Solstice", "Spruce", "Starling", "Sterling", "Stonebridge", "Summit", "Sunrise",
  "Tallgrass", "Tidewater", "Timberline", "Trillium", "True North", "Tundra", "Union", "Vanguard", "Vantage", "Vertex",
  "Vista", "Wavecrest", "Westbrook", "Whitewater", "Willow", "Windward", "Zenith", "Zephyr",
] as const;

export const COMPANY_KINDS = [
  "Logistics", "Health Systems", "Analytics", "Financial", "Manufacturing", "Energy", "Biotech", "Software",
  "Media", "Retail Group", "Insurance", "Capital", "Foods", "Pharmaceuticals", "Robotics", "Telecom",
  "Airlines", "Freight", "Hospitality", "Realty", "Labs", "Semiconductors", "Automotive", "Aerospace",
  "Bank", "Credit Union", "Networks", "Security", "Learning", "Medical Devices", "Outfitters", "Brands",
  "Utilities", "Water", "Mining", "Chemicals", "Consulting", "Partners", "Technologies", "Systems",
  "Solutions", "Holdings", "Industries", "Dynamics", "Ventures", "Materials", "Apparel", "Gaming",
  "Marine", "Rail", "Clinics", "Diagnostics", "Payments", "Cloud", "Data", "Studios", "Publishing", "Markets",
] as const;

/** Appended when a generated company name is already taken. */
export const LEGAL_SUFFIXES = ["Inc.", "LLC", "Group", "Co.", "Ltd", "GmbH", "S.A.", "Corp.", "Holdings", "International"] as const;

/** Subsidiaries are named after the place or division they cover. */
export const SUBSIDIARIES: Record<string, readonly string[]> = {
  AMER: ["US", "Canada", "East", "West", "Central", "Federal", "Public Sector", "Texas", "New York", "California"],
  EMEA: ["UK", "Germany", "France", "Nordics", "Benelux", "Iberia", "Italy", "DACH", "Middle East", "Africa"],
  APAC: ["Japan", "Australia", "Singapore", "India", "Korea", "ANZ", "Greater China", "Southeast Asia"],
  LATAM: ["Brazil", "Mexico", "Argentina", "Chile", "Colombia", "Andean"],
};

export const SA_ACTIVITIES: readonly { type: string; subjects: readonly string[] }[] = [
  { type: "call", subjects: ["Discovery call with IT leadership", "Technical qualification call", "Follow-up on security questionnaire", "Integration requirements call", "Pricing and sizing call", "Check-in with platform team"] },
  { type: "demo", subjects: ["Product demo for the operations team", "Executive demo", "Reporting and dashboards demo", "Admin console walkthrough", "API and webhooks demo", "Mobile app demo"] },
  { type: "workshop", subjects: ["Architecture workshop", "Data migration workshop", "SSO and provisioning workshop", "Success planning workshop", "Roadmap alignment session", "Best-practices review"] },
  { type: "poc", subjects: ["POC kickoff", "POC checkpoint", "POC readout", "Sandbox setup for evaluation", "Load test review", "Pilot success criteria review"] },
  { type: "review", subjects: ["Security review with InfoSec", "Solution design review", "Technical account review", "Quarterly architecture review", "Health check"] },
];
