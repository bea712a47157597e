-- Official documents (transcripts, report cards) name the district and the school as a college
-- admissions office expects: the school's CEEB code identifies it to the College Board and to
-- universities; a school that does not publish class rank leaves it off its transcripts.
alter table district add column address text;
alter table district add column phone text;
alter table school add column ceeb_code text check (ceeb_code ~ '^[0-9]{6}$');
alter table school add column publishes_class_rank boolean not null default true;

-- The students a document batch has finished: written in the transaction that records a closed
-- volume of the batch's zip, so a batch resumed after a crash skips exactly these students and
-- redoes only the volume that was being written.
create table document_batch_student (
  district_id bigint not null,
  job_id bigint not null,
  student_id bigint not null,
  volume integer not null,
  primary key (district_id, job_id, student_id),
  foreign key (district_id, job_id) references job (district_id, id),
  foreign key (district_id, student_id) references student (district_id, id)
);
