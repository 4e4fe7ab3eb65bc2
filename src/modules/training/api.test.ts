import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { assertProblem, errorPaths, tokenAudit } from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { courseInput } from '../../../test/support/training.js';
import { trainingApiWorld, type TrainingApiWorld } from '../../../test/support/training-api.js';
import { trainingCourses } from './tables.js';

// The course catalogue through the API: every token reads it; trainers' and admins' tokens keep
// it with the course form's own schema and checks, each change audited with the token as actor.

interface CourseJson {
  id: string;
  title: string;
  joiningLink: string | null;
  retiredAt: string | null;
  prerequisites: { id: string; title: string }[];
}
interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageCount: number;
}

describe('the training API: courses', () => {
  let t: TestApp;
  let w: TrainingApiWorld;
  before(async () => {
    t = await startTestApp();
    w = await trainingApiWorld(t);
  });
  after(() => t.close());

  const body = (over: Record<string, unknown> = {}) => ({
    ...courseInput(),
    durationMinutes: 150,
    joiningLink: 'https://video.example/usual-room',
    ...over,
  });

  it('lists and searches courses in pages, and shows one with its prerequisites', async () => {
    const first = await w.course({ course: { title: 'Api first course' } });
    const second = await w.course({
      course: {
        title: 'Api second course',
        prerequisiteIds: [first.courseId],
        joiningLink: 'https://video.example/course-room',
      },
    });
    const list = await w.api.practitioner('GET', '/training/courses?q=api%20');
    assert.equal(list.statusCode, 200, list.body);
    const page = list.json<Page<CourseJson>>();
    assert.deepEqual(
      page.items.map((c) => c.title),
      ['Api first course', 'Api second course'],
    );
    assert.equal(page.total, 2);
    assert.equal(page.pageCount, 1);
    assert.equal(
      (await w.api.practitioner('GET', '/training/courses?page=9')).json<Page<CourseJson>>().items
        .length,
      0,
    );

    const one = await w.api.practitioner('GET', `/training/courses/${second.courseId}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual(one.json<CourseJson>().prerequisites, [
      { id: first.courseId, title: 'Api first course' },
    ]);
    // The usual joining link is for those who keep the catalogue.
    assert.equal(one.json<CourseJson>().joiningLink, null);
    const asTrainer = await w.api.trainer('GET', `/training/courses/${second.courseId}`);
    assert.equal(asTrainer.json<CourseJson>().joiningLink, 'https://video.example/course-room');

    // Another partnership's course is not found; an id that cannot be one is bad input.
    assertProblem(await w.api.stranger('GET', `/training/courses/${second.courseId}`), 404);
    assertProblem(await w.api.practitioner('GET', '/training/courses/not-an-id'), 400);
    assertProblem(await w.api.anonymous('GET', '/training/courses'), 401);
  });

  it('lets trainers’ and admins’ tokens add and change courses, audited', async () => {
    const before = await w.course({ course: { title: 'Before it' } });
    const created = await w.api.trainer(
      'POST',
      '/training/courses',
      body({ title: 'Made by a token', prerequisiteIds: [before.courseId] }),
    );
    assert.equal(created.statusCode, 201, created.body);
    const course = created.json<CourseJson>();
    assert.equal(created.headers.location, `/api/v1/training/courses/${course.id}`);
    assert.deepEqual(
      course.prerequisites.map((p) => p.title),
      ['Before it'],
    );
    assert.equal(course.joiningLink, 'https://video.example/usual-room');
    assert.equal(
      (await tokenAudit(t, w.tokens.trainer, 'training-course.created', course.id)).length,
      1,
    );

    const changed = await w.api.admin(
      'PUT',
      `/training/courses/${course.id}`,
      body({ title: 'Changed by a token', learningOutcomes: ['One', 'Two'] }),
    );
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json<CourseJson>().title, 'Changed by a token');
    assert.deepEqual(changed.json<CourseJson>().prerequisites, []);
    assert.equal(
      (await tokenAudit(t, w.tokens.admin, 'training-course.updated', course.id)).length,
      1,
    );

    const retired = await w.api.trainer('POST', `/training/courses/${course.id}/retire`);
    assert.ok(retired.json<CourseJson>().retiredAt);
    // Retired courses are listed for those who keep the catalogue, not for everyone.
    const retiredList = (api: typeof w.api.trainer) =>
      api('GET', '/training/courses?retired=true&q=changed%20by').then((r) =>
        r.json<Page<CourseJson>>().items.map((c) => c.id),
      );
    assert.deepEqual(await retiredList(w.api.trainer), [course.id]);
    assert.deepEqual(await retiredList(w.api.practitioner), []);
    const restored = await w.api.trainer('POST', `/training/courses/${course.id}/restore`);
    assert.equal(restored.json<CourseJson>().retiredAt, null);
  });

  it('refuses other tokens, bad input and others’ ids, changing nothing', async () => {
    const count = async () => (await t.database.db.select().from(trainingCourses)).length;
    const n = await count();
    for (const api of [w.api.practitioner, w.api.manager]) {
      assertProblem(await api('POST', '/training/courses', body()), 403);
    }
    const { courseId } = await w.course({ course: { title: 'Kept as it was' } });
    assertProblem(await w.api.manager('PUT', `/training/courses/${courseId}`, body()), 403);
    assertProblem(await w.api.practitioner('POST', `/training/courses/${courseId}/retire`), 403);

    const bad = await w.api.trainer(
      'POST',
      '/training/courses',
      body({ title: '', delivery: 'by pigeon', learningOutcomes: [] }),
    );
    assertProblem(bad, 400);
    assert.deepEqual(errorPaths(bad).sort(), ['delivery', 'learningOutcomes', 'title']);

    // The service's own checks: a prerequisite must be one of this partnership's courses, a
    // title unique, and prerequisites must not go round in a circle.
    const theirs = await w.api.stranger('POST', '/training/courses', body({ title: 'Theirs' }));
    const foreign = await w.api.trainer(
      'POST',
      '/training/courses',
      body({ prerequisiteIds: [theirs.json<CourseJson>().id] }),
    );
    assertProblem(foreign, 400);
    assert.deepEqual(errorPaths(foreign), ['prerequisiteIds']);
    const twice = await w.api.trainer(
      'POST',
      '/training/courses',
      body({ title: 'kept AS it was' }),
    );
    assertProblem(twice, 400);
    assert.match(twice.json<{ detail: string }>().detail, /already a course with this title/);
    const later = await w.course({ course: { prerequisiteIds: [courseId] } });
    const circle = await w.api.trainer(
      'PUT',
      `/training/courses/${courseId}`,
      body({ title: 'Kept as it was', prerequisiteIds: [later.courseId] }),
    );
    assertProblem(circle, 400);
    assert.match(circle.json<{ detail: string }>().detail, /cannot also come before it/);
    assert.equal(await count(), n + 3); // the stranger's, 'Kept as it was' and the later one

    // Another partnership's course cannot be changed, retired or restored: not found.
    const theirId = theirs.json<CourseJson>().id;
    assertProblem(await w.api.trainer('PUT', `/training/courses/${theirId}`, body()), 404);
    assertProblem(await w.api.admin('POST', `/training/courses/${theirId}/retire`), 404);
    const [kept] = await t.database.db
      .select()
      .from(trainingCourses)
      .where(eq(trainingCourses.id, theirId));
    assert.equal(kept!.title, 'Theirs');
    assert.equal(kept!.retiredAt, null);
  });
});
