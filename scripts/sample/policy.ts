// The sample department's use-of-force policy, as Markdown sections with front matter.
// The text is written for a fictional department; the de-escalation section carries the one
// policy change the generated data reflects.

/** The policy change the sample data reflects: from this date de-escalation is required where safe. */
export const POLICY_CHANGE = {
  section: "de_escalation",
  effective: "2022-01-01",
  previousEffective: "2019-01-01",
  /** First calendar year under the new policy. */
  year: 2022,
  summary:
    "Officers must now attempt de-escalation before using force wherever it is safe to do so, and mental-health co-responders became available city-wide.",
} as const;

const NOTICE =
  "> Sample text: this is a fictional policy written for the kit's synthetic sample department. It is not any real department's policy.";

interface Section {
  slug: string;
  title: string;
  section: string;
  effective: string;
  previousEffective?: string;
  changeSummary?: string;
  body: string;
}

const SECTIONS: Section[] = [
  {
    slug: "continuum",
    title: "Use-of-force continuum",
    section: "continuum",
    effective: "2019-01-01",
    body: `
## Purpose

This section describes the levels of force an officer of the Riverton Police Department may use, from the least to the most serious. Officers use only the force that is reasonable and necessary to carry out a lawful task, and they lower the level of force as soon as the situation allows.

## The levels

1. **Officer presence.** Being visible, in uniform, and identifying as police.
2. **Verbal commands.** Clear instructions and warnings. Pointing a weapon as a warning is reported as a show of force.
3. **Soft control.** Guiding a person by the arm, joint locks, pressure points, and handcuffing a person who resists.
4. **Hard control.** Takedowns, strikes with the hand, elbow or knee, and kicks.
5. **Less-lethal weapons.** Chemical spray, a conducted energy device (Taser), a baton, impact projectiles, and a police dog that bites.
6. **Deadly force.** Firing a gun at a person, or any neck or carotid restraint. Deadly force is allowed only to stop an immediate threat of death or serious injury to someone.

## What officers must consider

The level of force must match the threat, not the offence. Officers weigh how serious the situation is, whether the person is armed, whether the person is actively resisting or trying to escape, and whether the person may be in a mental-health crisis, under the influence, young, elderly, or unable to understand commands.

Force must stop when the person is under control. Any officer who sees another officer use force that is clearly beyond what this policy allows must step in and report it.

## Reporting

Every use of force at level 3 or above is reported on the same shift, as described in the Reporting and review section.
`,
  },
  {
    slug: "de-escalation",
    title: "De-escalation",
    section: "de_escalation",
    effective: POLICY_CHANGE.effective,
    previousEffective: POLICY_CHANGE.previousEffective,
    changeSummary: POLICY_CHANGE.summary,
    body: `
## What changed on 1 January 2022

Before 2022 this policy encouraged de-escalation. Since 1 January 2022 it **requires** officers to attempt de-escalation before using force whenever it is safe to do so, and to write down in the force report what they tried. In the same change, mental-health co-responders, who had only worked in one district, became available in every district.

## What de-escalation means

De-escalation is any step that lowers the tension of an encounter so that force is less likely to be needed. Examples:

- slowing down and taking time, when nobody is in immediate danger;
- keeping a safe distance and using cover;
- speaking calmly, listening, and explaining what will happen next;
- giving the person choices and time to comply;
- letting one officer do the talking;
- asking for a crisis-trained officer, a co-responder, or a supervisor.

## When it is required

Officers must try de-escalation before using force unless doing so would put the officer, the person, or anyone else at immediate risk of harm. If officers did not attempt de-escalation, the force report must say why.

## Review

Supervisors check every force report for a description of the de-escalation attempted. Reports that leave it out are returned to the officer. A pattern of missing de-escalation is a training issue for the review board to consider.

## Training

Every sworn officer completes de-escalation training each year. From 2022 the yearly requirement rose from eight to twenty-four hours, including scenario practice.
`,
  },
  {
    slug: "crisis-response",
    title: "Crisis response",
    section: "crisis_response",
    effective: "2019-01-01",
    body: `
## Purpose

Many calls for police help involve a person in a mental-health crisis. This section sets out how the department responds so that the person gets care and the risk of harm to everyone is as low as possible.

## Crisis-trained officers

Officers who complete the forty-hour crisis intervention course are marked as crisis-trained. Dispatchers send a crisis-trained officer to any call that appears to involve a mental-health crisis, a threat of suicide, or a welfare check, when one is available.

## Co-responders

A co-responder is a licensed mental-health clinician who works alongside officers. Co-responders may attend in person or join by video. Where a co-responder is present, the clinician usually leads the conversation with the person in crisis, and officers stay back unless there is a threat to safety.

## On scene

Officers and co-responders:

- take time to speak with the person, and avoid crowding them;
- ask about medication, recent events, and who the person trusts;
- offer voluntary help before any emergency detention;
- use the least restrictive option that keeps everyone safe.

## Emergency evaluation

When a person is a danger to themselves or others because of a mental illness, officers may take the person for an emergency evaluation at a hospital or crisis centre. This is not an arrest, and the person is transported in the least restrictive way that is safe.

## Follow-up

The crisis team follows up with people who have had repeated contact with police during a crisis, and links them with services.
`,
  },
  {
    slug: "reporting-review",
    title: "Reporting and review",
    section: "reporting_review",
    effective: "2019-01-01",
    body: `
## Reporting

An officer who uses force at level 3 or above (soft control and higher) writes a force report before the end of the shift. Every officer who used force writes their own report. Officers who saw force used write a witness statement. The report describes the situation, the de-escalation attempted, the force used, any injuries, and any medical care.

Officers activate body-worn cameras before arriving at a call and keep them recording until the encounter ends. A failure to record is noted in the report and reviewed.

## Medical care

Officers call for medical help as soon as it is safe when a person is injured or complains of pain, and after any use of a conducted energy device, chemical spray, impact weapon, or police dog.

## Who reviews

- A **supervisor** reviews every force report, the camera video, and the statements.
- The **force review board** reviews all less-lethal weapon uses, any injury needing treatment, and any report a supervisor refers.
- **Internal affairs** investigates deadly force, serious injuries, deaths in custody, and any report suggesting misconduct.
- The **Office of Police Oversight** may review any case, as described in the Oversight section.

## Findings

Each review ends in one of these findings: within policy; within policy with a training or policy issue; or out of policy. An out-of-policy finding goes to the chief for discipline. The department publishes the finding and, where the law allows, the discipline.

## Timelines

Supervisor reviews are due within fourteen days. Board reviews are due within sixty days. Internal affairs investigations are due within one hundred and twenty days, with extensions approved by the chief.
`,
  },
  {
    slug: "complaints",
    title: "Complaints",
    section: "complaints",
    effective: "2019-01-01",
    body: `
## Anyone can complain

Anyone may file a complaint about a Riverton police officer or about the department's service. You do not need to be a resident, you do not need to have been involved, and you do not have to give your name. Complaints are accepted in any language.

## How to file

- **In person** at any district station or at the front desk of police headquarters, at any hour.
- **Online** with the complaint form on the department's website.
- **By phone**, through the department's non-emergency line, which passes complaints to the complaints unit.
- **Through the Office of Police Oversight**, which is independent of the department.
- **Anonymously**, by any of the above routes. Anonymous complaints are investigated, but we cannot tell you the outcome.

No officer may discourage anyone from filing a complaint or retaliate against anyone who does.

## What happens next

1. You receive a complaint reference within three working days.
2. The complaint is assigned to a supervisor or to internal affairs, depending on how serious it is. All complaints of excessive force go to internal affairs.
3. The investigator may contact you for more information and will look at camera video and reports.
4. Most investigations close within ninety days; complex ones may take up to one hundred and eighty days. You will be told if it takes longer.

## Findings

- **Sustained**: the officer broke policy.
- **Not sustained**: there was not enough evidence either way.
- **Exonerated**: the event happened but was within policy.
- **Unfounded**: the event did not happen as described.
- **Withdrawn**: the person who complained asked to stop.

You will receive a letter with the finding. If you disagree, you may ask the Office of Police Oversight to review the investigation.
`,
  },
  {
    slug: "oversight",
    title: "Oversight",
    section: "oversight",
    effective: "2019-01-01",
    body: `
## The Office of Police Oversight

The City of Riverton's Office of Police Oversight is a civilian office that reports to the city council, not to the police department. It has its own staff and budget.

## What it does

- receives complaints from the public and passes them to the department for investigation;
- monitors internal affairs investigations and may attend interviews;
- reviews every case of deadly force and every death in custody;
- may review any use-of-force case or complaint on its own initiative;
- recommends changes to policy and training;
- publishes an annual report.

## Access to information

The office has access to force reports, body-worn camera video, and investigation files. The department must answer its written requests within thirty days.

## Recommendations

When the office disagrees with a finding, it sends a written recommendation to the chief. The chief must reply in writing, explaining whether the finding will change and why. Both the recommendation and the reply are published, with personal details removed.

## Community police commission

A commission of nine residents, appointed by the council, holds public meetings every month. Residents may speak on any policing matter. The commission reviews this data release and may ask the department to explain trends it shows.
`,
  },
  {
    slug: "community-engagement",
    title: "Community engagement",
    section: "community_engagement",
    effective: "2019-01-01",
    body: `
## Why we publish

Most contact between residents and the police starts with a call for help. Residents have a right to know how often those calls end with force, what kind of force, who is affected, and whether each case was reviewed. This data release is one part of how the department answers for its work.

## What we publish

- every use of force reported under this policy, without names or exact locations;
- the number of calls for service, so that force can be compared with the number of calls;
- review findings, complaints, and their outcomes;
- training figures and the policy text that applies to each year.

Small numbers are hidden where they could identify a person. The methods page explains exactly what was removed and why.

## Listening to residents

The department holds a public meeting in each district after every data release. Officers and commanders explain the figures and take questions. Residents may suggest changes to this policy at any time through the community police commission or the Office of Police Oversight.

## Working with partners

The department works with the crisis response team, schools, shelters, and neighbourhood groups to find ways of responding to calls that do not need force, and reports back on what it learned at the district meetings.

## Corrections

If you find a mistake in the data, please tell the department using the contact details on the data page. Corrections are listed in the changelog of the next release.
`,
  },
];

function frontMatter(s: Section): string {
  const lines = ["---", `title: ${s.title}`, `section: ${s.section}`, `effective: ${s.effective}`];
  if (s.previousEffective) lines.push(`previous_effective: ${s.previousEffective}`);
  if (s.changeSummary) lines.push(`change_summary: ${s.changeSummary}`);
  lines.push("sample: true", "---");
  return lines.join("\n");
}

/** The policy files, as [path under the data folder, Markdown text]. */
export function samplePolicyFiles(): [string, string][] {
  return SECTIONS.map((s) => [`policy/${s.slug}.md`, `${frontMatter(s)}\n${NOTICE}\n${s.body}`]);
}
